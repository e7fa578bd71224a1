// Package connectwise is a client for the ConnectWise PSA REST API (3.0),
// written for the Terraform provider. It follows shared/connectwise/API-NOTES.md
// and internal/DESIGN.md: one transport that retries and rate-limits, typed
// errors decoded in one place (errorFromResponse), a generic pager, and a
// condition builder that never concatenates user input.
//
// Files, one concern each: config.go and siteurl.go (validation and URL
// normalisation), discovery.go (codebase via /login/companyinfo),
// transport.go (retry policy and rate limiter), errors.go and
// permissions.go (typed errors, security-role names), request.go (headers,
// JSON, re-discovery), pager.go (iterators over Link rel="next"),
// conditions.go (the query builder), patch.go, models.go, logging.go, and
// one file per API area.
package connectwise
