package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/term"

	"handlingsplan/auth/password"
)

// minPasswordLen is the shortest password hash-password accepts.
const minPasswordLen = 8

// cmdHashPassword reads a password twice from standard input and prints its
// argon2id hash for auth.users[].password in config.yaml.
func cmdHashPassword(_ context.Context, a *app, fs *flag.FlagSet, args []string) int {
	fs.Usage = func() {
		fmt.Fprintln(a.stderr, "Användning: handlingsplan hash-password < två rader med samma lösenord")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(a.stderr, "hash-password läser lösenordet från standard in, inte från kommandoraden (där syns det för andra).")
		return exitUsage
	}
	return hashPassword(os.Stdin, a.stdout, a.stderr)
}

// hashPassword is the command without its flags: in gives the password on two
// lines (typed at a terminal or piped), out gets the hash.
func hashPassword(in io.Reader, out, errOut io.Writer) int {
	// At a terminal the password is typed without being shown.
	tty := -1
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		tty = int(f.Fd())
	}
	r := bufio.NewReaderSize(in, 4096)
	var pw [2]string
	for i, prompt := range []string{"Lösenord: ", "Upprepa lösenordet: "} {
		var line string
		var err error
		if tty >= 0 {
			fmt.Fprint(errOut, prompt)
			line, err = readHidden(tty)
			fmt.Fprintln(errOut)
		} else {
			line, err = readLine(r)
		}
		if err != nil {
			fmt.Fprintln(errOut, "fel:", err)
			return exitFail
		}
		pw[i] = line
	}
	switch {
	case pw[0] == "":
		fmt.Fprintln(errOut, "fel: lösenordet är tomt")
		return exitFail
	case pw[0] != pw[1]:
		fmt.Fprintln(errOut, "fel: lösenorden är inte lika; inget skrevs")
		return exitFail
	case utf8.RuneCountInString(pw[0]) < minPasswordLen:
		fmt.Fprintf(errOut, "fel: lösenordet är kortare än %d tecken\n", minPasswordLen)
		return exitFail
	}
	h, err := password.New(pw[0])
	if err != nil {
		fmt.Fprintln(errOut, "fel: kunde inte skapa hashen:", err)
		return exitFail
	}
	fmt.Fprintln(out, h)
	return exitOK
}

// readHidden reads one line from the terminal fd without echoing it.
func readHidden(fd int) (string, error) {
	b, err := term.ReadPassword(fd)
	if err != nil {
		return "", fmt.Errorf("kunde inte läsa lösenordet från terminalen")
	}
	if len(b) > 1024 {
		return "", errors.New("lösenordet är längre än 1024 byte")
	}
	return string(b), nil
}

// readLine reads one line without its line ending ("\n" or "\r\n"); other
// spaces belong to the password.
func readLine(r *bufio.Reader) (string, error) {
	var b strings.Builder
	for {
		chunk, isPrefix, err := r.ReadLine()
		if errors.Is(err, io.EOF) {
			return "", errors.New("lösenordet ska anges två gånger, på var sin rad")
		}
		if err != nil {
			return "", fmt.Errorf("kunde inte läsa standard in")
		}
		b.Write(chunk)
		if b.Len() > 1024 {
			return "", errors.New("lösenordet är längre än 1024 byte")
		}
		if !isPrefix {
			return b.String(), nil
		}
	}
}
