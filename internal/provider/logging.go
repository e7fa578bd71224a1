package provider

import (
	"context"
	"encoding/base64"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// clientLogger sends client logs through tflog. The masks are applied on every call because
// each call arrives with the context of the Terraform operation, not of Configure.
type clientLogger struct {
	secrets []string
}

var _ connectwise.Logger = clientLogger{}

func newClientLogger(cfg connectwise.Config) clientLogger {
	credentials := cfg.CompanyID + "+" + cfg.PublicKey + ":" + cfg.PrivateKey
	secrets := []string{credentials, base64.StdEncoding.EncodeToString([]byte(credentials))}
	if cfg.PrivateKey != "" {
		secrets = append(secrets, cfg.PrivateKey)
	}
	return clientLogger{secrets: secrets}
}

func (l clientLogger) mask(ctx context.Context) context.Context {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, "authorization", "Authorization", "private_key")
	ctx = tflog.MaskAllFieldValuesStrings(ctx, l.secrets...)
	return tflog.MaskMessageStrings(ctx, l.secrets...)
}

func (l clientLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(l.mask(ctx), msg, fields)
}

func (l clientLogger) Trace(ctx context.Context, msg string, fields map[string]any) {
	tflog.Trace(l.mask(ctx), msg, fields)
}
