// Command orgscope is a terminal UI and a few scriptable commands for the
// people who run B2B identity on Auth0: organizations, connections, the links
// between them, connection profiles and My Organization settings.
package main

import (
	"context"
	"os"

	"github.com/orgscope/orgscope/ui/cli"
)

// version is set at build time (-ldflags "-X main.version=v1.2.3").
var version = ""

func main() {
	os.Exit(cli.Main(context.Background(), version, os.Args[1:], os.Stdout, os.Stderr))
}
