# The one image every role runs from: `netsight agent | identity | streams | sink elasticsearch | ...`.
# Build: mvn -B -DskipTests package && docker build -t netsight:0.1.0 .
# (Not built in CI: the CI machines have no Docker engine.)
FROM eclipse-temurin:17-jre
# libpcap for live capture (pcap4j), conntrack for conntrack -E.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpcap0.8 conntrack \
 && rm -rf /var/lib/apt/lists/*
COPY app/target/netsight.jar /opt/netsight/netsight.jar
COPY app/target/lib/ /opt/netsight/lib/
ENTRYPOINT ["sh", "-c", "exec java $NETSIGHT_JAVA_OPTS -jar /opt/netsight/netsight.jar \"$@\"", "netsight"]
