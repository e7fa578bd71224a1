package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// connect builds the client and proves the settings work with two cheap calls: codebase
// discovery (is the company ID known here?) and /system/info (are the keys and clientId
// accepted?). Each failure becomes one diagnostic on the attribute to change.
func connect(ctx context.Context, cfg connectwise.Config) (*providerData, diag.Diagnostics) {
	var diags diag.Diagnostics
	client, err := newClient(cfg)
	if err != nil {
		return nil, configErrorDiagnostics(err)
	}
	company, err := client.Discover(ctx)
	if err != nil {
		diags.Append(connectDiagnostic("looking up the company on "+cfg.SiteURL, err))
		return nil, diags
	}
	system, err := client.System.Info(ctx)
	if err != nil {
		diags.Append(connectDiagnostic("checking the credentials with /system/info", err))
		return nil, diags
	}
	tflog.Debug(ctx, "connected to ConnectWise", map[string]any{
		"base_url": client.BaseURL(), "version": system.Version, "is_cloud": system.IsCloud,
	})
	return newProviderData(client, company, system), diags
}

// configAttributes names the attribute of each connectwise.Config field a user sets, so that
// a diagnostic never shows a Go field name.
var configAttributes = map[string]string{
	"SiteURL": "site_url", "CompanyID": "company_id", "PublicKey": "public_key", "PrivateKey": "private_key",
	"ClientID": "client_id", "Codebase": "codebase", "APIVersion": "api_version", "CACertPEM": "ca_certificate_pem",
}

// configErrorDiagnostics reports the client's refusal of the settings, one diagnostic per
// field on its attribute. resolve checks every setting first, so this is the net under it.
func configErrorDiagnostics(err error) diag.Diagnostics {
	var diags diag.Diagnostics
	var fields connectwise.ConfigErrors
	if !errors.As(err, &fields) {
		diags.AddError("Invalid provider configuration", err.Error())
		return diags
	}
	for _, f := range fields {
		attr, ok := configAttributes[f.Field]
		if !ok {
			diags.AddError("Invalid provider configuration", f.Message)
			continue
		}
		diags.AddAttributeError(path.Root(attr), "Invalid provider setting",
			fmt.Sprintf("%s (set in the provider block or %s): %s", attr, envOf(attr), f.Message))
	}
	return diags
}

// envOf is the environment variable of a provider attribute.
func envOf(attr string) string { return "CONNECTWISE_" + strings.ToUpper(attr) }

// newClient builds a client whose logs go through tflog with the secrets masked.
func newClient(cfg connectwise.Config) (*connectwise.Client, error) {
	cfg.Logger = newClientLogger(cfg)
	return connectwise.New(cfg)
}

// connectDiagnostic pins a Configure failure on the attribute the user has to change.
func connectDiagnostic(operation string, err error) diag.Diagnostic {
	summary, detail := describeClientError(operation, err)
	var connErr *connectwise.ConnectionError
	switch {
	case errors.Is(err, connectwise.ErrUnknownCompany):
		return diag.NewAttributeErrorDiagnostic(path.Root("company_id"), summary, detail)
	case errors.Is(err, connectwise.ErrClientIDRejected):
		return diag.NewAttributeErrorDiagnostic(path.Root("client_id"), summary, detail)
	case errors.Is(err, connectwise.ErrUnauthorized):
		return diag.NewAttributeErrorDiagnostic(path.Root("private_key"), summary, detail)
	case errors.As(err, &connErr) && connErr.IsTLS():
		return diag.NewAttributeErrorDiagnostic(path.Root("ca_certificate_pem"), summary, detail)
	case errors.As(err, &connErr), errors.Is(err, connectwise.ErrForeignAnswer):
		return diag.NewAttributeErrorDiagnostic(path.Root("site_url"), summary, detail)
	}
	return diag.NewErrorDiagnostic(summary, detail)
}

// clientFrom extracts the provider data handed to resources, data sources and actions.
// A nil result with no error means the provider is not configured yet (validate time).
func clientFrom(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", "This is a bug in the provider: please report it.")
		return nil
	}
	return pd
}

// dataSourceData and resourceData are embedded by every data source and by every resource
// (the list resource too): their Configure keeps the provider's data, nil before the
// provider is configured (see notConfigured).
type dataSourceData struct{ data *providerData }

func (d *dataSourceData) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = clientFrom(req.ProviderData, &resp.Diagnostics)
}

type resourceData struct{ data *providerData }

func (r *resourceData) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// notConfigured reports a call that arrived before the provider could be configured (its
// own errors explain why); true means stop.
func notConfigured(d *providerData, diags *diag.Diagnostics) bool {
	if d == nil {
		diags.AddError("Provider not configured", "The provider block could not be configured; see the errors above.")
		return true
	}
	return false
}
