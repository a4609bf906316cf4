// Package cli is orgscope's command line: the cobra commands (run by
// charm.land/fang), their flags and output formats, and the wiring from
// the config file and credentials to the client and to the terminal UI
// (package ui), which the root command opens. A command line is a user
// interface too. Main is its one entry point; package main calls it with
// the build's version.
package cli
