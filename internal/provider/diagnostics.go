package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// describeClientError is the one place that turns a client error into words a user can act
// on: a short summary and a detail that says what to check or change.
func describeClientError(operation string, err error) (summary, detail string) {
	var apiErr *connectwise.APIError
	var connErr *connectwise.ConnectionError
	what := fmt.Sprintf("While %s: %s", operation, err.Error())
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "Operation cancelled", what
	case errors.As(err, &apiErr) && errors.Is(err, connectwise.ErrForeignAnswer):
		// Never a permission or the keys: the request did not reach ConnectWise's checks.
		return "Not a ConnectWise answer", what + "\n\n" + foreignRemedy(apiErr.StatusCode)
	case errors.Is(err, connectwise.ErrUnknownCompany):
		return "Unknown ConnectWise company ID", what +
			"\n\nUse the company ID you type on the ConnectWise login screen, and check that site_url is your site."
	case errors.As(err, &connErr) && connErr.IsTLS():
		return "TLS verification failed", what +
			"\n\nIf your on-premises site uses a private CA, set ca_certificate_pem to that CA's certificate."
	case errors.As(err, &connErr) && connErr.IsUnreachable():
		return "ConnectWise is unreachable", what +
			"\n\nCheck site_url (for cloud sites the API host starts with api-, e.g. https://api-na.myconnectwise.net) and the network path to it."
	case errors.As(err, &connErr) && connErr.MayHaveApplied:
		return "Connection lost during a write", what +
			"\n\nThe change may or may not have been applied. Run again: the provider reads the current state before writing."
	case errors.As(err, &connErr):
		return "Connection to ConnectWise failed", what
	case errors.Is(err, connectwise.ErrClientIDRejected):
		return "ConnectWise rejected the clientId", what +
			"\n\nSet client_id to the GUID of your integration from the ConnectWise developer portal."
	case errors.Is(err, connectwise.ErrUnauthorized):
		// Some sites refuse a bad clientId with the same answer as bad keys (the
		// client's error says so): name both rather than guess.
		return "ConnectWise rejected the API keys or the clientId", what +
			"\n\nCheck company_id, public_key and private_key: the keys must belong to an API member of this company and must not be expired. " +
			"If they are right, check client_id."
	case errors.As(err, &apiErr) && errors.Is(err, connectwise.ErrForbidden):
		missing := apiErr.Permission
		if missing == "" {
			missing = "a permission this call needs"
		}
		return "Security role is missing a permission", what +
			"\n\nGrant " + missing + " to the API member's security role (System › Security Roles), then run again."
	case errors.Is(err, connectwise.ErrNotFound):
		return "Not found in ConnectWise", what
	case errors.As(err, &apiErr) && errors.Is(err, connectwise.ErrValidation):
		return "ConnectWise rejected the request", what + fieldErrorList(apiErr.Errors)
	case errors.Is(err, connectwise.ErrConflict):
		return "ConnectWise record in use", what + "\n\nSomeone else may be editing it; run again later."
	case errors.Is(err, connectwise.ErrThrottled):
		return "ConnectWise throttled the provider", what +
			"\n\nRetries ran out. Lower requests_per_minute or run again later."
	case errors.Is(err, connectwise.ErrServer):
		return "ConnectWise server error", what + "\n\nRun again; if it persists, check the ConnectWise status page."
	default:
		return "ConnectWise request failed", what
	}
}

// foreignRemedy is what to do after a proxy's, a firewall's or the web server's own answer.
func foreignRemedy(status int) string {
	if status >= 500 {
		return "Something in front of ConnectWise answered instead of it. Run again later: the site may be down or in a maintenance window. " +
			"If it persists, check that site_url is the ConnectWise API host and the proxy or CDN in front of the site."
	}
	return "Something in front of ConnectWise answered instead of it, so the API keys and the security role were not checked. " +
		"Check that site_url is the ConnectWise API host (e.g. https://api-na.myconnectwise.net, or your own server's host), and ask " +
		"whoever runs the proxy, firewall or CDN (such as Cloudflare) in front of the site to allow this machine."
}

func fieldErrorList(errs []connectwise.FieldError) string {
	if len(errs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n")
	for _, fe := range errs {
		fmt.Fprintf(&b, "\n- %s: %s (%s)", fe.Field, fe.Message, fe.Code)
	}
	return b.String()
}

// addClientError appends one error diagnostic for a failed client call.
func addClientError(diags *diag.Diagnostics, operation string, err error) {
	summary, detail := describeClientError(operation, err)
	diags.AddError(summary, detail)
}
