package provider

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

var (
	guidPattern       = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	codebasePattern   = regexp.MustCompile(`^v[0-9A-Za-z_]+/?$`) // the client adds a missing trailing slash
	apiVersionPattern = regexp.MustCompile(`^[0-9]{4}\.[0-9]{1,2}$`)
)

// stringCheck adapts a plain func(string) error to a framework string validator, so each
// rule is written once and runs at validate time whenever the value is known.
type stringCheck struct {
	description string
	check       func(string) error
}

func (v stringCheck) Description(context.Context) string         { return v.description }
func (v stringCheck) MarkdownDescription(context.Context) string { return v.description }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(), err.Error())
	}
}

var (
	siteURLValidator = stringCheck{"an https URL of a ConnectWise site (http only for loopback)", func(s string) error {
		if _, err := connectwise.NormalizeSiteURL(s); err != nil {
			return errors.New("site_url: " + err.Error())
		}
		return nil
	}}
	guidValidator = stringCheck{"a GUID such as 8c4ea1f3-0b1e-4a4c-9d6a-2b3c4d5e6f70", func(s string) error {
		if !guidPattern.MatchString(s) {
			return fmt.Errorf("client_id must be a GUID such as 8c4ea1f3-0b1e-4a4c-9d6a-2b3c4d5e6f70 (from the ConnectWise developer portal), got %q", s)
		}
		return nil
	}}
	pemValidator      = stringCheck{"one or more PEM-encoded CA certificates", checkCACertificates}
	codebaseValidator = stringCheck{"a codebase such as v2025_8/", func(s string) error {
		if !codebasePattern.MatchString(s) {
			return fmt.Errorf("codebase must look like v2025_8/ or v4_6_release/ (or be left unset, to discover it), got %q", s)
		}
		return nil
	}}
	apiVersionValidator = stringCheck{"an API version such as " + defaultAPIVersion, func(s string) error {
		if !apiVersionPattern.MatchString(s) {
			return fmt.Errorf("api_version must look like %s, got %q", defaultAPIVersion, s)
		}
		return nil
	}}
	companyIDValidator  = credentialCheck("company_id", connectwise.CompanyIDProblem)
	publicKeyValidator  = credentialCheck("public_key", connectwise.PublicKeyProblem)
	privateKeyValidator = credentialCheck("private_key", connectwise.PrivateKeyProblem)
)

// credentialCheck applies the client's own check of a credential part at validate time.
func credentialCheck(attr string, problem func(string) string) stringCheck {
	return stringCheck{"not empty, without spaces", func(s string) error {
		if msg := problem(s); msg != "" {
			return errors.New(attr + ": " + msg)
		}
		return nil
	}}
}

func checkCACertificates(s string) error {
	rest := []byte(s)
	found := 0
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			return fmt.Errorf("ca_certificate_pem holds a %q block; only CERTIFICATE blocks are accepted (never a private key)", block.Type)
		}
		if _, err := x509.ParseCertificate(block.Bytes); err != nil {
			return fmt.Errorf("ca_certificate_pem: certificate %d cannot be parsed: %w", found+1, err)
		}
		found++
	}
	if found == 0 {
		return fmt.Errorf("ca_certificate_pem must contain at least one -----BEGIN CERTIFICATE----- block")
	}
	return nil
}

var retryMaxWaitValidator = stringCheck{"a duration from 1s to 24h, such as 90s, 5m or 1h", func(s string) error {
	if _, err := parseRetryMaxWait(s); err != nil {
		return fmt.Errorf("retry_max_wait %w", err)
	}
	return nil
}}

// parseRetryMaxWait reads a duration such as 5m; the error completes "<setting> ...".
func parseRetryMaxWait(s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil || d < time.Second || d > 24*time.Hour {
		return 0, fmt.Errorf("must be a duration from 1s to 24h, such as 90s, 5m or 1h30m; got %q", s)
	}
	return d, nil
}
