/**
 * The runnable example of README's cluster section: the stash {@link
 * zensols.multi.hazelcast.example.Squares}, which {@link zensols.multi.hazelcast.MemberLauncher}
 * registers on members given {@code --registrar zensols.multi.hazelcast.example.Squares}, and
 * the client {@link zensols.multi.hazelcast.example.SquaresClient} that primes it. Not exported:
 * run it with {@code -m zensols.multi.hazelcast/...}.
 */
@NullMarked
package zensols.multi.hazelcast.example;

import org.jspecify.annotations.NullMarked;
