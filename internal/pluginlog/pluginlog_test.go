package pluginlog

import (
	"os"
	"testing"
)

func TestQuietUnlessLogging(t *testing.T) {
	for _, v := range variables("floor") {
		t.Setenv(v, "")
	}
	QuietUnlessLogging("floor")
	if got := os.Getenv("TF_LOG_PROVIDER_FLOOR"); got != "OFF" {
		t.Errorf("TF_LOG_PROVIDER_FLOOR = %q, want OFF", got)
	}
	if got := os.Getenv("TF_LOG"); got != "" {
		t.Errorf("TF_LOG = %q, want it untouched", got)
	}
}

func TestAnyLevelKeepsEveryLog(t *testing.T) {
	for _, v := range variables("floor") {
		t.Setenv(v, "")
	}
	t.Setenv("TF_LOG_SDK_PROTO", "DEBUG")
	QuietUnlessLogging("floor")
	if got := os.Getenv("TF_LOG_SDK"); got != "" {
		t.Errorf("TF_LOG_SDK = %q, want it untouched", got)
	}
}
