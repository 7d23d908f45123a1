#!/usr/bin/env bash
# Rebuilds this dataset from the packages named in recipe.json, installed with their registries' own clients:
# Debian's python3.11 standard library, rxjs from npm, Polyfill and RamlToOpenApiConverter.SourceOnly from NuGet.
# The same seed gives the same cases. Usage: eval/completion/build.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ ! -f /usr/lib/python3.11/json/decoder.py ]; then
  apt-get update -qq && apt-get install -y -qq libpython3.11-stdlib >/dev/null
fi

export SB_DATASET_NPM="$work/npm"
mkdir -p "$SB_DATASET_NPM"
npm install --prefix "$SB_DATASET_NPM" --no-audit --no-fund rxjs@7.8.2 >/dev/null

export SB_DATASET_NUGET="$work/nuget"
mkdir -p "$work/restore"
cat > "$work/restore/restore.csproj" <<'PROJ'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Polyfill" Version="11.4.5" />
    <PackageReference Include="RamlToOpenApiConverter.SourceOnly" Version="0.50.0" />
  </ItemGroup>
</Project>
PROJ
dotnet restore "$work/restore/restore.csproj" --packages "$SB_DATASET_NUGET" >/dev/null

rm -rf "$here/sources" "$here/cases.jsonl"
dotnet run --project "$here/../../tools/Switchboard.Completion.Tool" -- build-dataset --recipe "$here/recipe.json" --out "$here"
