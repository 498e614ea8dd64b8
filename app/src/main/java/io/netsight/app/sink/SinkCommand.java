package io.netsight.app.sink;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code netsight sink}: the roles that read netsight topics and write them to another system. */
@Command(name = "sink", mixinStandardHelpOptions = true,
    description = {"Runs a sink: reads netsight topics and writes them to another system.", ""},
    subcommands = {ElasticsearchSinkCommand.class, CommandLine.HelpCommand.class})
public final class SinkCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
