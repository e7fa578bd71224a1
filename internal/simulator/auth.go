package simulator

import (
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"regexp"
	"strings"
)

var guidRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// authenticate checks the credentials first, then the clientId, so that the two 401s
// differ: the clientId one always contains the word "clientId" (DESIGN.md).
func (s *Simulator) authenticate(r *http.Request) *apiResponse {
	if !s.credentialsOK(r.Header.Get("Authorization")) {
		return apiError(http.StatusUnauthorized, "Unauthorized",
			"The API member could not be authenticated: check the company ID, public key and private key.")
	}
	id := r.Header.Get("clientId")
	switch {
	case id == "":
		return apiError(http.StatusUnauthorized, "Unauthorized",
			"A clientId header is required on every request; register your integration to get a clientId.")
	case !guidRe.MatchString(id):
		return apiError(http.StatusUnauthorized, "Unauthorized", "The clientId header must be a GUID.")
	case s.clientID != "" && !strings.EqualFold(id, s.clientID):
		return apiError(http.StatusUnauthorized, "Unauthorized", "The clientId is not registered for this site.")
	}
	return nil
}

// credentialsOK checks "Basic base64(companyId+publicKey:privateKey)". The company ID is
// case-insensitive like ConnectWise's login; the keys are not.
func (s *Simulator) credentialsOK(header string) bool {
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
		subtle.ConstantTimeCompare([]byte(public), []byte(s.publicKey)) == 1 &&
		subtle.ConstantTimeCompare([]byte(pass), []byte(s.privateKey)) == 1
}
