package provider

import (
	"bytes"
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// The private key and the Authorization header must never reach the logs, even at TRACE,
// including on a failed call. The test reads every line the provider logged.
func TestSecretsNeverLogged(t *testing.T) {
	clearProviderEnv(t)
	t.Setenv("TF_LOG", "TRACE")
	srv := simulator.StartTest(t, simulator.Options{})
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)

	server := protocolServer(t)
	schemas := configureProvider(ctx, t, server, srv.URL)
	resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{
		TypeName: "connectwise_system_info",
		Config:   dynamicValue(t, schemas.DataSourceSchemas["connectwise_system_info"], nil),
	})
	if err != nil {
		t.Fatal(err)
	}
	failOnErrors(t, resp.Diagnostics)

	// A call the simulator rejects, so error paths are logged too.
	if _, err := clientForTest(t, srv.URL, "wrong-key").System.Info(ctx); err == nil {
		t.Fatal("a wrong private key should be rejected")
	}

	text := logs.String()
	if !strings.Contains(text, "/system/info") {
		t.Fatalf("expected the client's request lines in the log, got:\n%.2000s", text)
	}
	for _, secret := range []string{
		testPrivateKey,
		"wrong-key",
		base64.StdEncoding.EncodeToString([]byte(testCompanyID + "+" + testPublicKey + ":" + testPrivateKey)),
		base64.StdEncoding.EncodeToString([]byte(testCompanyID + "+" + testPublicKey + ":wrong-key")),
	} {
		if strings.Contains(text, secret) {
			t.Errorf("secret %q found in the logs", secret)
		}
	}
}

// The masks hold even if a future client change logs a header or a body with a secret.
func TestClientLoggerMasksSecrets(t *testing.T) {
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	cfg := connectwise.Config{CompanyID: testCompanyID, PublicKey: testPublicKey, PrivateKey: "s3cr3t-key"}
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte(testCompanyID+"+"+testPublicKey+":s3cr3t-key"))
	logger := newClientLogger(cfg)
	logger.Trace(ctx, "request with s3cr3t-key in the message", map[string]any{
		"Authorization": auth,
		"body":          `{"privateKey":"s3cr3t-key"}`,
		"header":        "Authorization: " + auth,
	})
	logger.Debug(ctx, "plain line", map[string]any{"path": "/system/info"})
	text := logs.String()
	if strings.Contains(text, "s3cr3t-key") || strings.Contains(text, auth[len("Basic "):]) {
		t.Errorf("secret leaked:\n%s", text)
	}
	if !strings.Contains(text, "/system/info") || strings.Count(text, "\n") != 2 {
		t.Errorf("expected two log lines with non-secret fields intact:\n%s", text)
	}
}
