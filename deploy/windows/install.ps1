# daicho for Windows: installs daicho.exe into %ProgramFiles%\daicho, its config, API token
# and ledger folder into %ProgramData%\daicho (SYSTEM and Administrators only), and registers
# the service (started at boot). Npcap must be installed first: daicho never bundles it (its
# licence forbids redistribution); get it from https://npcap.com/.
#
#   PowerShell (as administrator) in the unzipped folder:
#     .\install.ps1 -Interface "Ethernet 2"     install or upgrade, capture on that adapter
#     .\install.ps1                             install; name the adapter in the config later
#     .\install.ps1 -Uninstall                  remove the service and the program (the
#                                               ledger and config in %ProgramData% stay)
#Requires -RunAsAdministrator
param([string]$Interface = "", [switch]$Uninstall)
$ErrorActionPreference = "Stop"

$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$programDir = Join-Path $env:ProgramFiles "daicho"
$dataDir = Join-Path $env:ProgramData "daicho"
$exe = Join-Path $programDir "daicho.exe"

if ($Uninstall) {
    if (Get-Service -Name daicho -ErrorAction SilentlyContinue) { & $exe service remove }
    if (Test-Path $programDir) { Remove-Item -Recurse -Force $programDir }
    Write-Host "daicho を削除しました。台帳と設定は $dataDir に残っています。"
    Write-Host "daicho removed; the ledger and config stay in $dataDir."
    exit 0
}

# Npcap first: without it the service cannot capture (daicho ingest of files still works).
$npcap = Join-Path $env:SystemRoot "System32\Npcap\wpcap.dll"
if (-not (Test-Path $npcap)) {
    Write-Host "Npcap がインストールされていません。https://npcap.com/ から Npcap をインストールしてから、もう一度実行してください。"
    Write-Host "Npcap is not installed: install it from https://npcap.com/ first, then run this script again."
    exit 1
}

# An upgrade replaces the program; the service is registered again with the same config.
if (Get-Service -Name daicho -ErrorAction SilentlyContinue) { & $exe service remove }
New-Item -ItemType Directory -Force -Path $programDir, $dataDir | Out-Null
Copy-Item -Force (Join-Path $here "daicho.exe") $programDir
Copy-Item -Force (Join-Path $here "README*.md") $programDir
New-Item -ItemType Directory -Force -Path (Join-Path $dataDir "ieee-data") | Out-Null
Copy-Item -Force (Join-Path $here "ieee-data\*") (Join-Path $dataDir "ieee-data")

# The ledger and the token are for SYSTEM (the service) and Administrators only.
& icacls.exe $dataDir /inheritance:r /grant:r "*S-1-5-18:(OI)(CI)F" "*S-1-5-32-544:(OI)(CI)F" | Out-Null

$config = Join-Path $dataDir "daicho.json"
if (-not (Test-Path $config)) {
    $text = Get-Content -Raw -Encoding UTF8 (Join-Path $here "daicho.json")
    if ($Interface -ne "") { $text = $text.Replace('"Ethernet 2"', (ConvertTo-Json $Interface)) }
    [IO.File]::WriteAllText($config, $text, (New-Object Text.UTF8Encoding $false))
}
$token = Join-Path $dataDir "token"
if (-not (Test-Path $token)) {
    $bytes = New-Object byte[] 24
    [Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($bytes)
    $value = ([Convert]::ToBase64String($bytes)).Replace("+", "A").Replace("/", "B").TrimEnd("=")
    [IO.File]::WriteAllText($token, $value + "`n", (New-Object Text.UTF8Encoding $false))
}

& $exe config check $config
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
& $exe service install --config $config --db (Join-Path $dataDir "daicho.db")
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
if ($Interface -eq "" -and (Get-Content -Raw $config).Contains('"Ethernet 2"')) {
    Write-Host "キャプチャするアダプタを $config の capture.interfaces に書いてから daicho service start を実行してください。候補:"
    Write-Host "Name the adapter in capture.interfaces of $config, then run: daicho service start. Adapters:"
    & $exe interfaces
    exit 0
}
& $exe service start
exit $LASTEXITCODE
