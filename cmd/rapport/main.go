// Command rapport is Rapport's command line: it analyses what case managers write, scores
// conversations, and trains and evaluates the engine's models.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"

	"golang.org/x/term"
)

// Exit codes follow Unix habit: 0 success, 1 the input could not be read or analysed, 2 the
// command was used wrongly.
const (
	exitOK    = 0
	exitInput = 1
	exitUsage = 2
)

// command is one subcommand.
type command struct {
	summary string
	usage   string // shown by -h, after the flags
	run     func(env *env, args []string) error
}

// commands holds pointers: each command's run is set in its file's init, which would otherwise
// make an initialisation cycle through newFlags.
var commands = map[string]*command{
	"analyze":    &analyzeCommand,
	"transcript": &transcriptCommand,
	"eval":       &evalCommand,
	"train":      &trainCommand,
	"serve":      &serveCommand,
	"demo":       &demoCommand,
	"audit":      &auditCommand,
	"token":      &tokenCommand,
	"instrument": &instrumentCommand,
}

// env is what a command may touch, so tests can run commands in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	tty            bool            // standard output is a terminal: colour the spans
	progress       bool            // standard error is a terminal: show progress on long work
	ctx            context.Context // ends long-running commands (serve); nil means never
}

func (e *env) context() context.Context {
	if e.ctx == nil {
		return context.Background()
	}
	return e.ctx
}

// usageError marks errors that are the caller's mistake (exit 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		tty: isTerminal(os.Stdout) && os.Getenv("NO_COLOR") == "", progress: isTerminal(os.Stderr)}
	os.Exit(run(e, os.Args[1:]))
}

func run(e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		mainUsage(e.stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "rapport: unknown command %q\n\n", args[0])
		mainUsage(e.stderr)
		return exitUsage
	}
	err := cmd.run(e, args[1:])
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "rapport %s: %v\nRun 'rapport %s -h' for help.\n", args[0], err, args[0])
		return exitUsage
	default:
		fmt.Fprintf(e.stderr, "rapport %s: %v\n", args[0], err)
		return exitInput
	}
}

func mainUsage(w io.Writer) {
	fmt.Fprint(w, `Rapport helps case managers earn their clients' trust through empathy.

Usage:
  rapport <command> [flags] [arguments]

Commands:
`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-11s %s\n", n, commands[n].summary)
	}
	fmt.Fprint(w, `
Examples:
  rapport analyze "You're noncompliant with meds."
  echo "I understand, but you have to follow the plan." | rapport analyze --format json
  rapport transcript session.vtt --practitioner "Ana"

Run 'rapport <command> -h' for a command's flags. Exit codes: 0 done, 1 unreadable input, 2 usage error.
`)
}

// newFlags makes a flag set that prints the command's usage and reports errors as usage errors.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cmd := commands[name]
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "%s\n\n", cmd.summary)
		fmt.Fprintf(e.stderr, "Flags:\n")
		fs.PrintDefaults()
		fmt.Fprintf(e.stderr, "\n%s", cmd.usage)
	}
	return fs
}

// parse parses flags, turning parse failures into usage errors. Flags may follow arguments
// ("rapport transcript FILE --format json"), as people type them.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

func checkFormat(f string) error {
	if f != "text" && f != "json" {
		return usageError{fmt.Sprintf("--format must be text or json, not %q", f)}
	}
	return nil
}
