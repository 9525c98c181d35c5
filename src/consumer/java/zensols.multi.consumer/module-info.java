/**
 * A separate module that uses {@code zensols.multi} the way a library user does: through its
 * exported packages only. The build compiles and runs it on the module path against the packaged
 * jar (see the exec-maven-plugin executions in pom.xml).
 */
module zensols.multi.consumer {
  requires zensols.multi;
  requires org.slf4j; // the robust stash's example logs its report
}
