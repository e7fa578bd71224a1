// Command testreport turns `go test -json` into a short log: one line per test, the whole
// output of a failing test, each skipped test with its reason, and a package summary.
//
//	go test -json ./... | go run ./internal/cmd/testreport [-no-skip] [-require-tests] [-record FILE]
//
// It exits non-zero when a test or a build fails, when -no-skip is set and a test skipped,
// or when -require-tests is set and no test ran. -record appends a line per passed test
// ("pass package test") and per skipped test ("skip package test: reason") to FILE, so a CI
// run can name all its skips at the end, and say which of them passed in another run.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	noSkip := flag.Bool("no-skip", false, "fail when any test skips")
	requireTests := flag.Bool("require-tests", false, "fail when no test ran")
	record := flag.String("record", "", "append passed and skipped tests to this file")
	flag.Parse()

	r := newReport(os.Stdout)
	if err := r.read(os.Stdin); err != nil {
		fmt.Fprintln(os.Stderr, "testreport:", err)
		os.Exit(2)
	}
	if *record != "" {
		if err := appendLines(*record, r.recorded); err != nil {
			fmt.Fprintln(os.Stderr, "testreport:", err)
			os.Exit(2)
		}
	}
	fmt.Printf("tests: %d passed, %d failed, %d skipped\n", r.passed, r.failed, len(r.skips))
	var problems []string
	if r.failed > 0 || r.buildFailed {
		problems = append(problems, "tests or builds failed")
	}
	if *noSkip && len(r.skips) > 0 {
		problems = append(problems, fmt.Sprintf("%d tests skipped, and none may here:\n  %s", len(r.skips), strings.Join(r.skips, "\n  ")))
	}
	if *requireTests && r.passed+r.failed == 0 {
		problems = append(problems, "no test ran")
	}
	if len(problems) > 0 {
		fmt.Fprintln(os.Stderr, "testreport: "+strings.Join(problems, "; "))
		os.Exit(1)
	}
}

// event is one line of `go test -json` (see `go doc test2json`).
type event struct {
	Action     string
	Package    string
	ImportPath string
	Test       string
	Elapsed    float64
	Output     string
}

type report struct {
	w           io.Writer
	output      map[string][]string // output so far of each running test, by package and test
	passed      int
	failed      int
	buildFailed bool            // a build, or a package outside its tests (TestMain, a timeout)
	failedIn    map[string]bool // packages with a failed test
	skips       []string        // "package test: reason"
	recorded    []string        // "pass package test", "skip package test: reason"
}

func newReport(w io.Writer) *report {
	return &report{w: w, output: map[string][]string{}, failedIn: map[string]bool{}}
}

func (r *report) read(in io.Reader) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			// Not an event (go vet or linker messages): show it as it is.
			r.printf("%s\n", line)
			continue
		}
		r.handle(e)
	}
	return sc.Err()
}

func (r *report) handle(e event) {
	key := e.Package + " " + e.Test
	switch e.Action {
	case "build-output":
		r.printf("%s", e.Output)
	case "build-fail":
		r.buildFailed = true
	case "output":
		if e.Test == "" {
			// Package lines: "ok  pkg 1.2s", "FAIL pkg", "? pkg [no test files]", panics.
			if e.Output != "PASS\n" {
				r.printf("%s", e.Output)
			}
			return
		}
		r.output[key] = append(r.output[key], e.Output)
	case "pass", "fail", "skip":
		if e.Test == "" {
			if e.Action == "fail" {
				r.packageFailed(e.Package)
			}
			return
		}
		lines := r.output[key]
		delete(r.output, key)
		indent := "" // a subtest's name may hold a slash of its own, so one level is all we know
		if strings.Contains(e.Test, "/") {
			indent = "    "
		}
		switch e.Action {
		case "pass":
			r.passed++
			r.recorded = append(r.recorded, "pass "+key)
			r.printf("%s--- PASS: %s (%.2fs)\n", indent, e.Test, e.Elapsed)
		case "fail":
			r.failed++
			r.failedIn[e.Package] = true
			hidden := 0
			for _, l := range lines {
				switch t := strings.TrimSpace(l); {
				case strings.HasPrefix(t, "=== "):
				case strings.HasPrefix(t, `{"@level":`) && os.Getenv("TESTREPORT_LOGS") == "":
					hidden++ // Terraform's and the provider's JSON log lines bury the test's own message
				default:
					r.printf("%s", l)
				}
			}
			if hidden > 0 {
				r.printf("    (%d JSON log lines hidden; TESTREPORT_LOGS=1 shows them)\n", hidden)
			}
		case "skip":
			reason := skipReason(lines)
			r.skips = append(r.skips, key+": "+reason)
			r.recorded = append(r.recorded, "skip "+key+": "+reason)
			r.printf("%s--- SKIP: %s (%s)\n", indent, e.Test, reason)
		}
	}
}

// printf writes to the report; a write error (a closed pipe) is not worth a failure of its
// own: the exit status still tells.
func (r *report) printf(format string, args ...any) {
	_, _ = fmt.Fprintf(r.w, format, args...)
}

// packageFailed records a failed package. A package can fail with no failed test (a
// build error, TestMain, a timeout panic): then the output of the tests that never ended
// is the only clue, so it is shown.
func (r *report) packageFailed(pkg string) {
	if r.failedIn[pkg] {
		return
	}
	r.buildFailed = true
	for key, lines := range r.output {
		if strings.HasPrefix(key, pkg+" ") {
			r.printf("%s", strings.Join(lines, ""))
			delete(r.output, key)
		}
	}
}

// skipReason is what a skipped test logged, without the file:line prefixes and the
// framework's own lines, on one line.
func skipReason(lines []string) string {
	var parts []string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		// JSON log lines (a plugin server's, as it stops) are not the reason.
		if l == "" || strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "--- ") || strings.HasPrefix(l, `{"@level":`) {
			continue
		}
		if file, msg, ok := strings.Cut(l, ": "); ok && strings.HasSuffix(strings.SplitN(file, ":", 2)[0], ".go") {
			l = msg
		}
		parts = append(parts, l)
	}
	if len(parts) == 0 {
		return "no reason given"
	}
	return strings.Join(parts, " / ")
}

func appendLines(name string, lines []string) error {
	if len(lines) == 0 {
		return nil
	}
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, strings.Join(lines, "\n")+"\n"); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}
