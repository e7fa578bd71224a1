package main

import (
	"strings"
	"testing"
)

// A stream as `go test -json -v` writes it: a pass, a skip with its reason, a subtest, a
// failure with its output, and a package that fails outside any test.
const stream = `{"Action":"start","Package":"p"}
{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"output","Package":"p","Test":"TestA","Output":"--- PASS: TestA (0.50s)\n"}
{"Action":"pass","Package":"p","Test":"TestA","Elapsed":0.5}
{"Action":"run","Package":"p","Test":"TestB/sub"}
{"Action":"output","Package":"p","Test":"TestB/sub","Output":"{\"@level\":\"debug\",\"@message\":\"stdio EOF, exiting copy loop\"}\n"}
{"Action":"output","Package":"p","Test":"TestB/sub","Output":"    b_test.go:12: needs Terraform 1.14\n"}
{"Action":"skip","Package":"p","Test":"TestB/sub","Elapsed":0}
{"Action":"pass","Package":"p","Test":"TestB","Elapsed":0.1}
{"Action":"output","Package":"p","Test":"TestC","Output":"=== RUN   TestC\n"}
{"Action":"output","Package":"p","Test":"TestC","Output":"{\"@level\":\"trace\",\"@message\":\"provider log\"}\n"}
{"Action":"output","Package":"p","Test":"TestC","Output":"    c_test.go:7: billed 3, want 8\n"}
{"Action":"output","Package":"p","Test":"TestC","Output":"--- FAIL: TestC (1.00s)\n"}
{"Action":"fail","Package":"p","Test":"TestC","Elapsed":1}
{"Action":"output","Package":"p","Output":"FAIL\tp\t2.0s\n"}
{"Action":"fail","Package":"p","Elapsed":2}
{"Action":"output","Package":"q","Test":"TestD","Output":"=== RUN   TestD\n"}
{"Action":"output","Package":"q","Test":"TestD","Output":"panic: test timed out after 1s\n"}
{"Action":"fail","Package":"q","Elapsed":1}
not json: a line from go vet
`

func TestReport(t *testing.T) {
	var out strings.Builder
	r := newReport(&out)
	if err := r.read(strings.NewReader(stream)); err != nil {
		t.Fatal(err)
	}
	want := `--- PASS: TestA (0.50s)
    --- SKIP: TestB/sub (needs Terraform 1.14)
--- PASS: TestB (0.10s)
    c_test.go:7: billed 3, want 8
--- FAIL: TestC (1.00s)
    (1 JSON log lines hidden; TESTREPORT_LOGS=1 shows them)
FAIL	p	2.0s
=== RUN   TestD
panic: test timed out after 1s
not json: a line from go vet
`
	if out.String() != want {
		t.Errorf("report:\n%s\nwant:\n%s", out.String(), want)
	}
	if r.passed != 2 || r.failed != 1 || !r.buildFailed {
		t.Errorf("passed %d, failed %d, package failed %v", r.passed, r.failed, r.buildFailed)
	}
	wantRecorded := []string{"pass p TestA", "skip p TestB/sub: needs Terraform 1.14", "pass p TestB"}
	if strings.Join(r.recorded, "\n") != strings.Join(wantRecorded, "\n") {
		t.Errorf("recorded %q", r.recorded)
	}
}
