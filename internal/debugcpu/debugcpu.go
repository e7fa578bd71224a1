// Package debugcpu measures the provider for make bench: its CPU time and a CPU profile.
// It is never for production use: it does nothing unless its variables are set.
package debugcpu

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// Both variables write files only: stdout belongs to the plugin protocol.
//
//	CONNECTWISE_DEBUG_CPU_FILE=path     appends "<user seconds> <system seconds>" of this
//	                                    process to path when Terraform stops it
//	CONNECTWISE_DEBUG_CPUPROFILE=path   writes a pprof CPU profile of the process to path
//	                                    (each process overwrites it: the last one is kept)
const (
	envDebugCPUFile    = "CONNECTWISE_DEBUG_CPU_FILE"
	envDebugCPUProfile = "CONNECTWISE_DEBUG_CPUPROFILE"
)

// Start starts what the environment asks for and returns the function that
// finishes it, called when the plugin server returns.
func Start() (stop func()) {
	var profile *os.File
	if path := os.Getenv(envDebugCPUProfile); path != "" {
		if f, err := os.Create(path); err == nil { //nolint:gosec // G304: a path the developer chose
			if pprof.StartCPUProfile(f) == nil {
				profile = f
			} else {
				_ = f.Close()
			}
		}
	}
	return func() {
		if profile != nil {
			pprof.StopCPUProfile()
			_ = profile.Close()
		}
		if path := os.Getenv(envDebugCPUFile); path != "" {
			user, system, ok := cpuSeconds()
			if !ok {
				return
			}
			f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600) //nolint:gosec // G304: a path the developer chose
			if err != nil {
				return
			}
			_, _ = fmt.Fprintf(f, "%.4f %.4f\n", user, system)
			_ = f.Close()
		}
	}
}
