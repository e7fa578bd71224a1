//go:build unix

package debugcpu

import (
	"syscall"
	"time"
)

// cpuSeconds is the user and system CPU time of this process.
func cpuSeconds() (user, system float64, ok bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, 0, false
	}
	seconds := func(t syscall.Timeval) float64 { return time.Duration(t.Nano()).Seconds() }
	return seconds(ru.Utime), seconds(ru.Stime), true
}
