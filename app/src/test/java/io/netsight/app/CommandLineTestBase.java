package io.netsight.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code netsight ...} in this JVM as a user would, with stdout and stderr captured for the assertions. */
public abstract class CommandLineTestBase {

  protected final StringWriter out = new StringWriter();
  protected final StringWriter err = new StringWriter();

  /** The exit code of {@code netsight args...}, with the same error handling as the real command. */
  protected int run(String... args) {
    CommandLine cl = NetsightCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }
}
