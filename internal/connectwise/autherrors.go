package connectwise

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
)

// How ConnectWise refuses a missing or unregistered clientId is unconfirmed
// (API-NOTES.md): a 401 that names it, the bad-credentials 401 word for word, a 403 or a
// 400. And on cloud a 404 can also mean bad authentication. This file is the one place
// that reads those answers. Where an answer does not say which of the keys and the
// clientId is wrong, the error says both are possible instead of guessing one.

// Hints added to an APIError's text.
const (
	hintKeysOrClientID = "ConnectWise gives this answer for wrong API keys and, on some sites, " +
		"for a missing or unregistered clientId: check the company ID, public key, private key and clientId"
	hintNoPermissionNeeded = "this call needs no security-role permission, so ConnectWise refused the API member itself: " +
		"check the clientId (missing or not registered for this site) and the API keys"
	hintNoInput = "this call takes no input, so ConnectWise may be refusing the clientId header " +
		"(missing or not registered for this site)"
	hintCloud404 = "on a cloud site a 404 to a call that always exists can also mean that the API keys " +
		"or the clientId were refused: check the company ID, public key, private key and clientId"
)

// classifyAuth refines a 400, 401 or 403 answer; errorFromResponse calls it.
func classifyAuth(e *APIError) {
	switch e.StatusCode {
	case http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden:
	default:
		return
	}
	if namesClientID(e) {
		e.Kind = KindClientIDRejected
		e.Permission = "" // not the security role
		return
	}
	system := underPrefix(strings.ToLower(e.Path), "/system")
	switch {
	case e.StatusCode == http.StatusUnauthorized:
		e.Hint = hintKeysOrClientID
	case e.StatusCode == http.StatusForbidden && system:
		// /system calls need no role permission, so a 403 cannot be the role.
		e.Kind = KindUnauthorized
		e.Hint = hintNoPermissionNeeded
	case e.StatusCode == http.StatusBadRequest && strings.EqualFold(e.Path, "/system/info"):
		e.Hint = hintNoInput
	}
}

// namesClientID reports whether the answer talks about the clientId, in any spelling
// (clientId, client_id, "client id").
func namesClientID(e *APIError) bool {
	texts := []string{e.Code, e.Message}
	for _, fe := range e.Errors {
		texts = append(texts, fe.Code, fe.Message, fe.Field)
	}
	for _, t := range texts {
		if strings.Contains(foldName(t), "clientid") {
			return true
		}
	}
	return false
}

// noteCloud404 adds hintCloud404 to a 404 that cannot mean a missing record: a GET of a
// collection, a count or a /system call (no id in the path) on a cloud site.
func (c *Client) noteCloud404(r apiRequest, err error) {
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusNotFound || ae.Kind == KindForeign || r.noAuth || r.method != http.MethodGet || !c.cloud.Load() {
		return
	}
	for _, seg := range strings.Split(r.path, "/") {
		if _, convErr := strconv.Atoi(seg); convErr == nil {
			return // a record, or the children of one, may really be missing
		}
	}
	ae.Hint = hintCloud404
}

// isCloudHost recognises the ConnectWise cloud's API hosts before discovery says.
func isCloudHost(host string) bool {
	host = strings.ToLower(host)
	return strings.HasSuffix(host, ".myconnectwise.net") || strings.HasSuffix(host, ".connectwisedev.com")
}

// learnCloud records what discovery said about the site.
func (c *Client) learnCloud(info *CompanyInfo) {
	if info.IsCloud {
		c.cloud.Store(true)
	}
}
