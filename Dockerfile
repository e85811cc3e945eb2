# Torghut host image: the `torghut` binary in /app and its drop-in venue plugins in /app/plugins/<Name>/ (the layout
# the host looks for by default: plugins/ next to the binary, one folder per plugin named after its main assembly).
# Build: docker build -t torghut .   Run: docker run -p 8080:8080 torghut run
# The host pulls linux-x64 natives (librdkafka, DuckDB), so both stages are pinned to linux/amd64.

FROM --platform=linux/amd64 mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first so `restore` is cached until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Torghut.Abstractions/Torghut.Abstractions.csproj src/Torghut.Abstractions/
COPY src/Torghut.Host/Torghut.Host.csproj src/Torghut.Host/
COPY plugins/Alpaca.Shared/Alpaca.Shared.csproj plugins/Alpaca.Shared/
COPY plugins/Alpaca.Crypto/Alpaca.Crypto.csproj plugins/Alpaca.Crypto/
COPY plugins/Alpaca.Equity/Alpaca.Equity.csproj plugins/Alpaca.Equity/
COPY plugins/Alpaca.Simulator/Alpaca.Simulator.csproj plugins/Alpaca.Simulator/
RUN dotnet restore src/Torghut.Host/Torghut.Host.csproj
COPY src/ src/
COPY plugins/ plugins/
# The host's own build copies plugins into bin/ (BuildDropInPlugins); publish does not, so each plugin is published
# into its folder explicitly, and the host build skips that copy. Torghut.Abstractions stays out of plugin folders
# (the host shares its copy with every plugin's load context).
RUN dotnet publish src/Torghut.Host/Torghut.Host.csproj -c Release --no-restore -p:SkipDropInPlugins=true -o /app \
 && dotnet publish plugins/Alpaca.Crypto/Alpaca.Crypto.csproj -c Release -o /app/plugins/Alpaca.Crypto \
 && dotnet publish plugins/Alpaca.Equity/Alpaca.Equity.csproj -c Release -o /app/plugins/Alpaca.Equity \
 && dotnet publish plugins/Alpaca.Simulator/Alpaca.Simulator.csproj -c Release -o /app/plugins/Alpaca.Simulator

FROM --platform=linux/amd64 mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# Owned by root and read-only for the app user; only the data directory is writable.
COPY --from=build /app /app
RUN mkdir -p /var/lib/torghut && chown 1654:1654 /var/lib/torghut
ENV TORGHUT_HTTP_URL=http://0.0.0.0:8080 \
    TORGHUT_METRICS_URL=http://0.0.0.0:9090 \
    TORGHUT_DATA_DIR=/var/lib/torghut \
    TORGHUT_PLUGINS_DIR=/app/plugins
EXPOSE 8080 9090
# The non-root `app` user of the .NET images (APP_UID 1654); the Deployments run as the same uid.
USER 1654
ENTRYPOINT ["dotnet", "/app/torghut.dll"]
CMD ["run"]
