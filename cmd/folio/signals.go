package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/folio-press/folio/internal/atomicfile"
)

// exitStatus returns the conventional exit status of a process stopped by
// sig: 128 plus the signal's number (130 for SIGINT, 143 for SIGTERM).
func exitStatus(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return exitErrors
}

// catchInterrupts makes SIGINT and SIGTERM stop a command that writes
// through w cleanly: w is aborted, which removes the temporary files of
// writes in progress and keeps every output that was not yet replaced as
// it was, a line goes to stderr, and exit is called with the signal's exit
// status. Outputs are replaced all at once (atomicfile.Writer.WriteAll),
// so an interrupted build leaves either all the previous outputs or all
// the new ones. The returned function stops catching; call it when the
// command is done.
func catchInterrupts(e *env, w *atomicfile.Writer, exit func(code int)) (stop func()) {
	sigs := make(chan os.Signal, 1)
	done := make(chan struct{})
	finished := make(chan struct{})
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		defer close(finished)
		select {
		case sig := <-sigs:
			err := w.Abort()
			fmt.Fprintf(e.stderr, "folio: interrupted by %s; temporary files removed, outputs not yet replaced left as they were\n", signalName(sig))
			if err != nil {
				fmt.Fprintf(e.stderr, "folio: %v\n", err)
			}
			exit(exitStatus(sig))
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
		<-finished
	}
}

// signalName names a signal as shells do: SIGINT, SIGTERM.
func signalName(sig os.Signal) string {
	switch sig {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return sig.String()
}
