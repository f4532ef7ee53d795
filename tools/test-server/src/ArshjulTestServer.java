// Starts Temporal's Java time-skipping test server on a port, like io.temporal.testserver.TestServer, with one
// addition: the virtual clock can start at a given instant, so workflow tests run on real historical dates
// (the Lund 2023 calendar of document 000) instead of today's.
//
//   ArshjulTestServer <port> [--enable-time-skipping] [--initial-time 2023-10-19T09:00:00+02:00]
//
// Compiled by scripts/temporal-servers against the jars it fetched; nothing else of Årshjul is Java.
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.time.OffsetDateTime;

public final class ArshjulTestServer {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("Usage: ArshjulTestServer <port> [--enable-time-skipping] [--initial-time ISO-8601]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    boolean lockTimeSkipping = true;
    long initialTimeMillis = 0; // 0: the current time
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--enable-time-skipping":
          lockTimeSkipping = false;
          break;
        case "--initial-time":
          if (i + 1 >= args.length) {
            System.err.println("--initial-time needs an ISO-8601 instant, e.g. 2023-10-19T09:00:00+02:00");
            System.exit(2);
          }
          initialTimeMillis = OffsetDateTime.parse(args[++i]).toInstant().toEpochMilli();
          break;
        default:
          System.err.println("Unknown flag " + args[i]);
          System.exit(2);
      }
    }
    TestServicesStarter services = new TestServicesStarter(lockTimeSkipping, initialTimeMillis);
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      services.close();
    }));
    server.awaitTermination();
  }
}
