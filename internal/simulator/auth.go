package simulator

import (
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"regexp"
	"strings"
)

var guidRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// badCredentialsMessage is the 401 to wrong keys (and, with clientid-error=401-generic,
// to a bad clientId).
const badCredentialsMessage = "The API member could not be authenticated: check the company ID, public key and private key." //nolint:gosec // G101: an error message, not a credential

// authenticate checks the credentials first, then the clientId. How each is refused is
// unconfirmed (variants bad-auth and clientid-error); by default the two 401s differ
// and the clientId one contains the word "clientId" (DESIGN.md).
func (s *Simulator) authenticate(r *http.Request) *apiResponse {
	if !s.credentialsOK(r.Header.Get("Authorization")) {
		if s.variant(VariantBadAuth) == "404" {
			return notFound("The requested resource was not found.")
		}
		return apiError(http.StatusUnauthorized, "Unauthorized", badCredentialsMessage)
	}
	id := r.Header.Get("clientId")
	var named string
	switch {
	case id == "":
		named = "A clientId header is required on every request; register your integration to get a clientId."
	case !guidRe.MatchString(id):
		named = "The clientId header must be a GUID."
	case s.clientID != "" && !strings.EqualFold(id, s.clientID):
		named = "The clientId is not registered for this site."
	default:
		return nil
	}
	return clientIDRefusal(s.variant(VariantClientIDError), named)
}

// clientIDRefusal answers a missing or unknown clientId as the variant says; a generic
// answer does not say that the clientId is the problem.
func clientIDRefusal(variant, named string) *apiResponse {
	switch variant {
	case "401-generic":
		return apiError(http.StatusUnauthorized, "Unauthorized", badCredentialsMessage)
	case "403-named":
		return apiError(http.StatusForbidden, "Forbidden", "%s", named)
	case "403-generic":
		return apiError(http.StatusForbidden, "Forbidden", "You do not have access to this resource.")
	case "400-named":
		return badRequest("InvalidRequest", "%s", named)
	case "400-generic":
		return badRequest("InvalidRequest", "The request is invalid.")
	}
	return apiError(http.StatusUnauthorized, "Unauthorized", "%s", named)
}

// credentialsOK checks "Basic base64(companyId+publicKey:privateKey)". The company ID is
// case-insensitive like ConnectWise's login; the keys are not.
func (s *Simulator) credentialsOK(header string) bool {
	wantPublic, wantPrivate := s.keys.forRequest() // every request counts towards a rotation
	scheme, enc, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Basic") {
		return false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(enc))
	if err != nil {
		return false
	}
	user, pass, ok := strings.Cut(string(raw), ":")
	if !ok {
		return false
	}
	company, public, ok := strings.Cut(user, "+")
	if !ok {
		return false
	}
	return strings.EqualFold(company, s.companyID) &&
		subtle.ConstantTimeCompare([]byte(public), []byte(wantPublic)) == 1 &&
		subtle.ConstantTimeCompare([]byte(pass), []byte(wantPrivate)) == 1
}
