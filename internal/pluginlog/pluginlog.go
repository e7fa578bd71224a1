// Package pluginlog keeps the plugin SDKs' logs off when Terraform asked for none.
package pluginlog

import (
	"os"
	"strings"
)

// QuietUnlessLogging turns the SDK loggers off unless a TF_LOG* variable is set.
//
// The SDK's loggers default to TRACE: every protocol call and framework step is formatted as
// JSON on stderr, where Terraform throws it away unless TF_LOG or TF_LOG_PROVIDER is set.
// For a plan of 1,000 resources that was a sixth of the provider's CPU. So when no log level
// is set at all, they are turned off here; any TF_LOG* variable keeps every log as before.
// name is the provider's type name (connectwise), for TF_LOG_PROVIDER_<NAME>.
func QuietUnlessLogging(name string) {
	vars := variables(name)
	for _, v := range vars {
		if os.Getenv(v) != "" {
			return
		}
	}
	for _, v := range vars[1:] {
		_ = os.Setenv(v, "OFF")
	}
}

// variables are the log level variables Terraform and the SDKs read, TF_LOG first: it is
// Terraform's own and is only read here, never set.
func variables(name string) []string {
	return []string{
		"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_" + strings.ToUpper(name), "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK",
	}
}
