package io.netsight.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.netsight.app.agent.AgentCommand;
import io.netsight.app.agent.BenchCommand;
import io.netsight.app.agent.ReplayCommand;
import io.netsight.app.cli.VersionProvider;
import io.netsight.app.kafka.KafkaCommand;
import io.netsight.app.kafka.TopicsCommand;
import io.netsight.app.sink.SinkCommand;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code netsight} command: every role is a subcommand. */
@Command(
    name = "netsight",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Finds the Kubernetes networking failures that hide between kernel subsystems (DNS ndots amplification, "
            + "conntrack resets, HTTP/2 load skew, NetworkPolicy drops, kube-proxy at scale) and names the "
            + "workload that suffers them.",
        ""},
    subcommands = {
        io.netsight.app.analyze.DemoCommand.class,
        io.netsight.app.analyze.AnalyzeCommand.class,
        AgentCommand.class,
        ReplayCommand.class,
        io.netsight.app.identity.IdentityCommand.class,
        io.netsight.app.streams.StreamsCommand.class,
        io.netsight.app.whois.WhoisCommand.class,
        SinkCommand.class,
        KafkaCommand.class,
        TopicsCommand.class,
        BenchCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Docs: README.md and docs/ in the source tree. Exit codes: 0 done, 1 failed, 2 bad arguments."})
public final class NetsightCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Log netsight at DEBUG and libraries at INFO (logs go to stderr).")
  void verbose(boolean on) {
    if (on) {
      ((Logger) LoggerFactory.getLogger("io.netsight")).setLevel(Level.DEBUG);
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
    }
  }

  @Override
  public void run() {
    // `netsight` alone: show what it can do.
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the command line with netsight's error handling: one-line errors, exit 2 for bad arguments. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new NetsightCommand());
    // Each role's configuration keys, with defaults, at the end of its --help.
    configHelp(cl, "identity", io.netsight.enrich.publisher.PublisherConfig.DEF);
    configHelp(cl, "streams", io.netsight.app.streams.StreamsApp.configDef(
        io.netsight.app.streams.StreamsApp.defaultPieces()));
    configHelp(cl, "whois", io.netsight.enrich.identity.DerivationConfig.DEF);
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      // Bad arguments: a usage error of ours, or a configuration value a ConfigDef refused (a typed key, a range).
      if (ex instanceof IllegalArgumentException || ex instanceof org.apache.kafka.common.config.ConfigException) {
        err.println("netsight " + commandLine.getCommandName() + ": " + ex.getMessage());
        return 2;
      }
      err.println("netsight " + commandLine.getCommandName() + ": " + describe(ex));
      LoggerFactory.getLogger(NetsightCommand.class).debug("failure", ex);
      return 1;
    });
    return cl;
  }

  private static void configHelp(CommandLine cl, String command, org.apache.kafka.common.config.ConfigDef def) {
    CommandLine sub = cl.getSubcommands().get(command);
    sub.getCommandSpec().usageMessage().footer("", "Configuration keys (--config FILE, NETSIGHT_<KEY>, --set KEY=VALUE; "
        + "kafka.* keys pass through to the Kafka clients):",
        io.netsight.app.config.ConfigSources.helpText(def));
  }

  private static String describe(Throwable ex) {
    StringBuilder sb = new StringBuilder(String.valueOf(ex.getMessage()));
    for (Throwable c = ex.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
        sb.append(": ").append(c.getMessage());
      }
    }
    return sb.append(" (run with -v for details)").toString();
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
