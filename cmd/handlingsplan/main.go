// Command handlingsplan validates, stores and reports the living action plans of
// Sydöstra sjukvårdsregionen. Run "handlingsplan help" for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"handlingsplan/apperr"
	"handlingsplan/config"
)

// version is the generator version written into manifests; set with -ldflags.
// It is for display only: whether a package is rebuilt depends on the code's
// identity (internal/codeid), which changes with every build of other code.
var version = "0.1.0"

// Exit codes of SPEC §3.4, and 3 for "busy, try again" (README, Command line).
const (
	exitOK    = 0
	exitFail  = 1 // the work failed: a file has errors, a package could not be built, an internal error
	exitUsage = 2 // the request is wrong: bad flags, unknown audience, council or plan
	exitBusy  = 3 // another process holds the output folder or the inbox; try again later
)

// exitCodes maps application error codes to exit codes, in one table; a code
// not in it (internal above all) is exitFail, never exitUsage.
var exitCodes = map[apperr.Code]int{
	apperr.Invalid:     exitUsage,
	apperr.NotFound:    exitUsage,
	apperr.TooLarge:    exitUsage,
	apperr.Conflict:    exitBusy,
	apperr.Unavailable: exitBusy,
}

// exitCode is the exit code for err (exitOK for nil).
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	if c, ok := exitCodes[apperr.CodeOf(err)]; ok {
		return c
	}
	return exitFail
}

// fail shows err's Swedish message, logs an internal error's details and returns
// its exit code.
func (a *app) fail(err error) int {
	fmt.Fprintln(a.stderr, apperr.MessageOf(err))
	a.logInternal(err)
	return exitCode(err)
}

// logInternal logs the details of an internal error, which users never see in
// its message.
func (a *app) logInternal(err error) {
	if apperr.CodeOf(err) == apperr.Internal {
		a.log.Error("internt fel", "err", err)
	}
}

const usage = `handlingsplan – levande handlingsplaner för Sydöstra sjukvårdsregionen

Användning:
  handlingsplan demo                      kör hela flödet på inbyggda exempeldata (ingen konfiguration behövs)
  handlingsplan template -o FIL.xlsx      skriv den tomma Excel-mallen (FIL.pptx: PowerPoint-mallen)
  handlingsplan template --plan NAMN -o FIL.xlsx
                                          skriv planens senaste version som ifylld mall att uppdatera (.xlsx eller .pptx)
  handlingsplan validate [--json] FIL…    kontrollera ifyllda mallar (xlsx, pptx)
  handlingsplan ingest                    behandla inkorgen en gång och skriv en sammanfattning
  handlingsplan watch                     bevaka inkorgen och ta emot filer när de kommer (Ctrl+C avslutar)
  handlingsplan run --audience kr|rsl|svn|plan|all [--forum KR] [--plan NAMN] [--meeting ÅÅÅÅ-MM-DD] [--force]
                                          bygg paket för ett möte i utdatakatalogen
  handlingsplan faststall --plan NAMN --meeting ÅÅÅÅ-MM-DD [--version N] [--by NAMN]
                                          registrera att forumet fastställde planen (standard: senaste versionen)
  handlingsplan site [-o KAT] [--force]   skriv den publika webbplatsen med alla fastställda planer
                                          (standard: publicerat/ i utdatakatalogen, som tjänsten visar)
  handlingsplan beslut --plan NAMN [--activity ID --steg kr|rsl|svn [--utfall U] --datum ÅÅÅÅ-MM-DD [--anteckning T]]
                                          visa planens förslag med beslutsläge, eller registrera ett steg
  handlingsplan beslut --fil LISTA.xlsx   registrera Bedömning och Beslut ur Samverkansnämndens ifyllda arbetslista
  handlingsplan remind [--dry-run]        skicka dagens påminnelser om planer som saknas eller inte uppdaterats
  handlingsplan serve [--addr VÄRD:PORT] [--demo]
                                          kör tjänsten: inkorg, schema, byggkö och webbsida (--demo: med
                                          exempeldata och ett demokonto vars lösenord skrivs ut)

Slutkoder: 0 klart, 1 misslyckades, 2 felaktigt anrop, 3 upptaget (försök igen senare).

Gemensamma flaggor (efter kommandot):
  --config FIL   konfigurationsfil (standard: inbyggd config.yaml)
  --data KAT     datakatalog med inbox/, archive/, quarantine/ och databasen
  --output KAT   utdatakatalog för paketen
`

// memoryLimit is the soft limit of the Go heap unless GOMEMLIMIT sets another:
// a build of a hundred times the sample otherwise lets garbage grow its peak to
// over 400 MiB on a small server, for no gain (with the limit: about 320 MiB,
// 5 % slower). It is soft: a larger live heap is still allowed.
const memoryLimit = 300 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// app is what every command shares: the configuration and where to write.
type app struct {
	cfg    *config.Config
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger

	// Common flags, registered on every command's flag set by newApp.
	cfgPath, dataDir, outDir *string
}

type command struct {
	name string
	run  func(ctx context.Context, a *app, fs *flag.FlagSet, args []string) int
}

var commands = []command{
	{"demo", cmdDemo},
	{"template", cmdTemplate},
	{"validate", cmdValidate},
	{"ingest", cmdIngest},
	{"watch", cmdWatch},
	{"run", cmdRun},
	{"faststall", cmdFaststall},
	{"site", cmdSite},
	{"beslut", cmdBeslut},
	{"remind", cmdRemind},
	{"serve", cmdServe},
	{"hash-password", cmdHashPassword},
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	if args[0] == "version" || args[0] == "--version" {
		fmt.Fprintln(stdout, "handlingsplan", version)
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
			fs.SetOutput(stderr)
			a := &app{stdout: stdout, stderr: stderr,
				log:     slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
				cfgPath: fs.String("config", "", "konfigurationsfil (standard: inbyggd)"),
				dataDir: fs.String("data", "", "datakatalog"),
				outDir:  fs.String("output", "", "utdatakatalog"),
			}
			return c.run(ctx, a, fs, args[1:])
		}
	}
	fmt.Fprintf(stderr, "okänt kommando %q\n\n%s", args[0], usage)
	return exitUsage
}

// parse parses the command's flags and then loads the configuration they name.
func (a *app) parse(fs *flag.FlagSet, args []string) (ok bool, code int) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return false, exitOK
		}
		return false, exitUsage
	}
	var err error
	if *a.cfgPath != "" {
		a.cfg, err = config.Load(*a.cfgPath)
	} else {
		a.cfg, err = config.Default()
	}
	if err != nil {
		fmt.Fprintln(a.stderr, "fel i konfigurationen:", err)
		return false, exitUsage
	}
	if *a.dataDir != "" {
		a.cfg.DataDir = *a.dataDir
	}
	if *a.outDir != "" {
		a.cfg.OutputDir = *a.outDir
	}
	return true, 0
}
