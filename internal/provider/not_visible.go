package provider

import (
	"fmt"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
)

// A company or an agreement that ConnectWise does not return may be deleted, or hidden
// from the API member by its Level or Location: a by-ID read answers 404 and a list
// leaves it out either way. Every message about one says both (billing.NotVisible), and
// only a deletedFlag seen says "in the recycle bin".

// visibilityHint is what a person checks when the record should exist.
const visibilityHint = "If it exists in ConnectWise, the API member cannot see it: the member's Level and Location " +
	"(System › Members, API Members tab) decide which companies, and so which agreements, it sees."

// notVisible is billing.NotVisible as a sentence: "Company 5 was not found or is not visible
// to this API member (deleted, or hidden by the member's Level or Location restrictions in
// ConnectWise)."
func notVisible(what string) string { return capitalize(billing.NotVisible(what)) }

// agreementNotFound is agreement_status when ConnectWise does not return the agreement.
// agreementDeletedBefore means the same: state that older versions wrote holds it, and a
// plan with -refresh=false must still read that state as "not returned".
const (
	agreementNotFound      = "NotFound"
	agreementDeletedBefore = "Deleted"
)

// importNotVisible is the error of an import whose agreement ConnectWise does not return;
// prefix names where the ID came from ("the import ID's ", "identity ").
func importNotVisible(prefix string, agreementID int64, organizationID string) string {
	return fmt.Sprintf("%s. Import organization %q with the ID of an agreement the API member sees "+
		"(connectwise_agreements lists a company's agreements). %s",
		billing.NotVisible(fmt.Sprintf("%sagreement_id %d", prefix, agreementID)), organizationID, visibilityHint)
}

// noneVisible ends "No company with name ..." when a search returned nothing: the record
// may not exist, or be hidden from the API member.
const noneVisible = "is visible to this API member: none exists, or the member's Level or Location restrictions in ConnectWise hide it."
