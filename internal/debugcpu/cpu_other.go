//go:build !unix

package debugcpu

// cpuSeconds is not measured on this platform.
func cpuSeconds() (user, system float64, ok bool) { return 0, 0, false }
