// daicho: passive asset ledger for hospital LANs. All work happens in the subcommands.
#include "cli/cli.h"

int main(int argc, char** argv) { return daicho::agent::run_cli(argc, argv); }
