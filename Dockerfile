# The study server as an image, and the model training as a separate, optional one.
#   docker build --target final -t expo-study .   the server (what docker-compose.yml's `server` runs)
#   docker build --target train -t expo-train .   retrains models/none and models/expo (compose's `train`)
# Kept plain on purpose: one instruction per line, no continuations, JSON-form ENTRYPOINT (a test reads this file).

# --- sdk: what both builds start from (the build imports and the shared projects' files, for the restore layers).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS sdk
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1
ENV DOTNET_NOLOGO=1
WORKDIR /src
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY build/TorchSharpGlibcxx.targets build/
COPY Shared/Study/ExpO.Shared.Study.csproj Shared/Study/
COPY Shared/Science/ExpO.Shared.Science.csproj Shared/Science/

# --- build: publish the server in Release, as run.sh does, so participants get the trimmed, precompressed client.
FROM sdk AS build
# Project files first: the restore layer is reused until a project, a package version or the build imports change.
COPY Migrations/ExpO.Migrations.csproj Migrations/
COPY Migrations/PostgreSQL/ExpO.Migrations.PostgreSQL.csproj Migrations/PostgreSQL/
COPY Client/ExpO.Client.csproj Client/
COPY Server/ExpO.Server.csproj Server/
RUN dotnet restore Server/ExpO.Server.csproj
# Then the sources the server is built from (bin/ and obj/ stay out through .dockerignore).
COPY Shared/ Shared/
COPY Migrations/ Migrations/
COPY Client/ Client/
COPY Server/ Server/
RUN dotnet publish Server/ExpO.Server.csproj -c Release -o /app -nologo

# --- train: the Training CLI, built with the SDK (TorchSharp's libtorch and the GLIBCXX fix in build/ come with the build).
FROM sdk AS train
COPY Training/ExpO.Training.csproj Training/
RUN dotnet restore Training/ExpO.Training.csproj
COPY Shared/ Shared/
COPY Training/ Training/
RUN dotnet publish Training/ExpO.Training.csproj -c Release -o /train -nologo
# The README's two commands for the committed bundles, reading /input/housing.csv and writing into /models.
ENTRYPOINT ["/bin/sh", "-c", "dotnet /train/ExpO.Training.dll train --data /input/housing.csv --regularizer none --seed 0 --out /models/none.bundle.json && dotnet /train/ExpO.Training.dll train --data /input/housing.csv --regularizer fidelity --seed 0 --out /models/expo.bundle.json"]

# --- final: the ASP.NET Core runtime only, the published server and the committed bundles, run as the image's `app` user.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./
COPY models/ ./models/
# Database, logs and the participant key live on volumes; an empty volume takes this owner and mode on first mount.
RUN mkdir -p /data/logs /keys && chown -R $APP_UID:$APP_UID /data /keys && chmod 700 /data /keys
ENV ASPNETCORE_URLS=http://+:8080
# Emptied so Kestrel does not warn that ASPNETCORE_URLS overrides the base image's port setting.
ENV ASPNETCORE_HTTP_PORTS=
ENV Database__Path=/data/expo-study.db
ENV Logs__Path=/data/logs/expo-study-.log
ENV Study__ModelsPath=/app/models
ENV Study__KeyPath=/keys/participant.key
USER $APP_UID
EXPOSE 8080
# The image has no curl or wget; bash's /dev/tcp asks /health and expects a 200 status line.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "ExpO.Server.dll"]
