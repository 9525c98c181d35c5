package zensols.multi.stash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serialisation filter rejects a class before any instance of it is created or any of its
 * code runs.
 */
class SerialFilterTest {

  /** Counts instances created through the constructor of the first non-serialisable superclass. */
  static class Base {
    static final AtomicInteger CONSTRUCTED = new AtomicInteger();

    Base() {
      CONSTRUCTED.incrementAndGet();
    }
  }

  /** A gadget: deserialising it would run {@code readObject} and construct a {@link Base}. */
  static final class Gadget extends Base implements Serializable {
    private static final long serialVersionUID = 1L;
    static volatile boolean readObjectRan;

    final String payload = "boom";

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      readObjectRan = true;
      in.defaultReadObject();
    }
  }

  @BeforeEach
  void resetFlags() {
    Gadget.readObjectRan = false;
  }

  static byte[] serialize(Object value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // plain serialisation: the codec itself refuses to write a class it would not read back
    try (java.io.ObjectOutputStream oos = new java.io.ObjectOutputStream(out)) {
      oos.writeObject(value);
    }
    return out.toByteArray();
  }

  @Test
  void controlGadgetRunsItsCodeWhenAllowed() throws IOException {
    byte[] bytes = serialize(new Gadget());
    int before = Base.CONSTRUCTED.get();
    Object read =
        Codec.serializable(Object.class, Gadget.class.getName())
            .read(new ByteArrayInputStream(bytes));
    assertInstanceOf(Gadget.class, read);
    assertTrue(Gadget.readObjectRan, "the control proves the flag works");
    assertEquals(before + 1, Base.CONSTRUCTED.get());
  }

  @Test
  void topLevelGadgetIsRejectedBeforeInstantiation() throws IOException {
    byte[] bytes = serialize(new Gadget());
    int before = Base.CONSTRUCTED.get();
    Codec<Object> codec = Codec.serializable(Object.class);
    InvalidClassException e =
        assertThrows(InvalidClassException.class, () -> codec.read(new ByteArrayInputStream(bytes)));
    assertTrue(Thrown.message(e).contains(Gadget.class.getName()), Thrown.message(e));
    assertFalse(Gadget.readObjectRan);
    assertEquals(before, Base.CONSTRUCTED.get());
  }

  @Test
  void gadgetNestedInAnAllowedCollectionIsRejectedBeforeInstantiation() throws IOException {
    List<Object> list = new ArrayList<>(List.of("ok", 1));
    list.add(new Gadget());
    byte[] bytes = serialize(list);
    int before = Base.CONSTRUCTED.get();
    assertThrows(
        InvalidClassException.class,
        () -> Codec.serializable(Object.class).read(new ByteArrayInputStream(bytes)));
    assertFalse(Gadget.readObjectRan);
    assertEquals(before, Base.CONSTRUCTED.get());
  }

  @Test
  void directoryStashReportsTheRejectionWithKeyAndFile(@TempDir Path dir) throws IOException {
    DirectoryStash<Object> writer =
        new DirectoryStash<>(dir, Codec.serializable(Object.class, Gadget.class.getName()));
    writer.dump("gadget", new Gadget());
    writer.dump("fine", "value");
    DirectoryStash<Object> reader = new DirectoryStash<>(dir, Codec.serializable(Object.class));
    int before = Base.CONSTRUCTED.get();
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> reader.load("gadget"));
    assertInstanceOf(InvalidClassException.class, Thrown.cause(e));
    assertTrue(Thrown.message(e).contains("\"gadget\""), Thrown.message(e));
    assertTrue(Thrown.message(e).contains(dir.resolve("gadget").toString()), Thrown.message(e));
    assertFalse(Gadget.readObjectRan);
    assertEquals(before, Base.CONSTRUCTED.get());
    assertEquals("value", reader.load("fine").orElseThrow());
  }
}
