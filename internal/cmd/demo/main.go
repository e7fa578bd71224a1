// Command demo is `make demo`: it builds the provider, starts the ConnectWise simulator with
// demo data on loopback, points Terraform at the local build through dev_overrides in a
// throwaway CLI configuration (the user's own is never read or touched), and walks through
// examples/complete: apply, an empty second plan, billing drift before and after the sync,
// and a hand edit made in "ConnectWise". It cleans up after itself and exits non-zero on any
// failure.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// Ctrl-C stops Terraform and still cleans up.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	d, err := newDemo(ctx)
	if err == nil {
		err = d.run()
		d.close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "\ndemo failed:", err)
		stop()
		os.Exit(1)
	}
	stop()
}
