package zensols.multi;

import jdk.jfr.FlightRecorder;

/**
 * Whether the library's JDK Flight Recorder events may be recorded in this JVM: only once the
 * Flight Recorder is initialized (a recording started, with {@code -XX:StartFlightRecording},
 * {@code jcmd JFR.start}, {@code jdk.jfr.Recording}, a {@code RecordingStream} or the JMX bean). Until
 * then no event could be recorded, and the event classes ({@link zensols.multi.jfr.PrimeEvent},
 * {@link zensols.multi.jfr.ChunkEvent}) are not even loaded: loading the first {@code jdk.jfr.Event}
 * subclass of a JVM makes the JDK set up the Flight Recorder's metadata (about 150 classes and, in a
 * fresh JVM, tens of milliseconds), which a batch job that never records would pay on its first
 * prime. A prime or chunk that begins before a recording starts has no event.
 */
final class JfrGate {
  private static volatile boolean initialized;

  private JfrGate() {}

  /**
   * Whether the Flight Recorder is initialized; once true, always true.
   *
   * @return true if an event begun now could be recorded
   */
  static boolean on() {
    if (initialized) {
      return true;
    }
    boolean now = FlightRecorder.isInitialized();
    if (now) {
      initialized = true;
    }
    return now;
  }
}
