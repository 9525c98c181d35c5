package example;

import zensols.multi.WorkerCount;

/** Uses the library as a Java 21 project would; fails with an AssertionError if it misbehaves. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int workers = WorkerCount.parse("50%").resolve(4);
    if (workers != 2) {
      throw new AssertionError("WorkerCount.parse(\"50%\").resolve(4) is " + workers);
    }
    System.out.println("java21-consumer OK: " + Main.class.getPackage().getName()
        + " uses " + WorkerCount.class.getModule() + "; 50% of 4 processors = " + workers);
  }
}
