package main

import (
	"fmt"
	"io"
)

type syncResult struct{}

func (b *bench) syncRun() (syncResult, error) { return syncResult{}, fmt.Errorf("not yet") }

func printSync(w io.Writer, o options, r syncResult) {}
