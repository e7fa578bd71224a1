package provider

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/provider/snapshot"
	"github.com/mspkit/terraform-provider-connectwise/internal/usagesync"
)

// mappingCandidate is one (organization, company, agreement) the list resource offers.
type mappingCandidate struct {
	org       string
	company   connectwise.Company
	agreement connectwise.Agreement
	skip      string   // why the usage sync would skip it; "" when it would bill it
	cycle     string   // the billing_cycle the generated mapping gets (see pairCandidates)
	nth, of   int      // this agreement's place among the organization's candidates for the company
	others    []string // the other companies offered for the same organization
}

// displayName is what `terraform query` shows and a person reviews, e.g.
// `Acme Dental (ACME) — agreement 716 "Managed Services" → org-1001`.
func (c mappingCandidate) displayName() string {
	name := fmt.Sprintf("%s (%s) — agreement %d %q → %s", c.company.Name, c.company.Identifier, c.agreement.ID, c.agreement.Name, c.org)
	if c.of > 1 {
		name += fmt.Sprintf(" [agreement %d of %d for this company: keep one]", c.nth, c.of)
	}
	if len(c.others) > 0 {
		name += fmt.Sprintf(" [organization %s is also offered for %s: keep one company]", c.org, strings.Join(c.others, ", "))
	}
	if c.cycle != "" && c.cycle != billing.CycleMonthly {
		name += fmt.Sprintf(" [bills %s: the generated mapping sets billing_cycle = %q; review]", c.cycle, c.cycle)
	}
	if p := c.agreement.ParentAgreement; p != nil && p.ID != 0 {
		name += fmt.Sprintf(" [child of agreement %d %q: it bills on the parent's invoice; map each product on one of the two only]", p.ID, p.Name)
	}
	if c.skip != "" {
		name += " [skipped by the sync: " + c.skip + "]"
	}
	return name
}

// loadMappingCandidates lists the companies matching the filters (1000 per page), then the
// agreements of those in organizations, in `company/id in (...)` batches split to keep each
// URL short, and pairs them up. Problems a person should see (an organizations key matching
// no company, a company without a candidate agreement) come back as warnings.
func loadMappingCandidates(ctx context.Context, d *providerData, m *customerMappingListModel, now time.Time) ([]mappingCandidate, diag.Diagnostics) {
	var diags diag.Diagnostics
	orgs := map[string]string{}
	diags.Append(m.Organizations.ElementsAs(ctx, &orgs, false)...)
	typeIDs, ok := resolveLookupSet(ctx, d, snapshot.CompanyTypes, "company_types", asSet(m.CompanyTypes), &diags)
	if !ok {
		return nil, diags
	}
	statusIDs, ok := resolveLookupSet(ctx, d, snapshot.CompanyStatuses, "company_statuses", asSet(m.CompanyStatuses), &diags)
	if !ok {
		return nil, diags
	}
	agreementTypeIDs, ok := resolveLookupSet(ctx, d, snapshot.AgreementTypes, "agreement_types", asSet(m.AgreementTypes), &diags)
	if !ok || diags.HasError() {
		return nil, diags
	}
	unbillable := m.IncludeUnbillable.ValueBool()

	cond, childCond := companyFilter{
		typeIDs: typeIDs, statusIDs: statusIDs, name: m.Name, nameContains: m.NameContains,
		identifier: types.StringNull(), includeDeleted: unbillable,
	}.conditions()
	companies, err := d.client.Companies.All(ctx, &connectwise.ListOptions{
		Conditions: cond, ChildConditions: childCond, OrderBy: listOrder,
		Fields: []string{"id", "identifier", "name", "deletedFlag"},
	})
	if err != nil {
		addClientError(&diags, "listing companies", err)
		return nil, diags
	}

	matched, usedKeys := matchOrganizations(companies, orgs)
	ids := make([]int, 0, len(matched))
	for _, mc := range matched {
		ids = append(ids, mc.company.ID)
	}
	// Only Active agreements unless asked for the others: a cancelled one is never a
	// mapping to make.
	var extra []connectwise.Condition
	if !unbillable {
		extra = append(extra, connectwise.Field("agreementStatus").Eq(connectwise.String(connectwise.AgreementActive)))
	}
	if agreementTypeIDs != nil {
		extra = append(extra, connectwise.Field("type/id").In(connectwise.Ints(agreementTypeIDs)...))
	}
	agreementsOf := map[int][]connectwise.Agreement{}
	for _, cond := range connectwise.SplitIn(connectwise.Field("company/id"), connectwise.Ints(ids), connectwise.And(extra...), connectwise.MaxConditionLength) {
		rows, err := d.client.Agreements.All(ctx, &connectwise.ListOptions{Conditions: cond, OrderBy: listOrder})
		if err != nil {
			addClientError(&diags, "listing the agreements of the matching companies", err)
			return nil, diags
		}
		for _, a := range rows {
			if a.Company != nil {
				agreementsOf[a.Company.ID] = append(agreementsOf[a.Company.ID], a)
			}
		}
	}

	found, noAgreement, skipped := pairCandidates(matched, agreementsOf, now, unbillable)
	tflog.Debug(ctx, "listed customer mapping candidates", map[string]any{
		"companies": len(companies), "in_organizations": len(matched), "candidates": len(found), "skipped_unbillable": skipped,
	})
	if w := organizationsWarning(orgs, usedKeys, noAgreement, skipped); w != "" {
		diags.AddWarning("Some organizations have no candidate mapping", w)
	}
	if w := markSharedOrganizations(found); w != "" {
		diags.AddAttributeWarning(path.Root("organizations"), "One organization, several companies", w)
	}
	return found, diags
}

// markSharedOrganizations marks the candidates of an organization offered for several
// companies (two organizations keys, e.g. two identifiers, give it the same value) and
// says which. All are kept: the query never guesses which company is the organization's,
// and a mapping ID is <integration_id>/<organization_id>, so a person keeps one of them.
func markSharedOrganizations(found []mappingCandidate) string {
	companies := map[string][]string{} // organization → its companies' labels, in candidate order
	for _, c := range found {
		label := companyLabel(c.company)
		if !slices.Contains(companies[c.org], label) {
			companies[c.org] = append(companies[c.org], label)
		}
	}
	var lines []string
	for i, c := range found {
		all := companies[c.org]
		if len(all) < 2 {
			continue
		}
		found[i].others = slices.DeleteFunc(slices.Clone(all), func(l string) bool { return l == companyLabel(c.company) })
		line := fmt.Sprintf("organization %q: %s", c.org, strings.Join(all, " and "))
		if !slices.Contains(lines, line) {
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	slices.Sort(lines)
	return "Several companies are given the same vendor organization, and a customer mapping's ID is " +
		"<integration_id>/<organization_id>, so only one of them can be mapped: " + strings.Join(lines, "; ") +
		". Each candidate is listed and marked; keep the one company that is the organization (or fix the organizations map) " +
		"before you apply the generated configuration."
}

func companyLabel(c connectwise.Company) string { return fmt.Sprintf("%s (%s)", c.Name, c.Identifier) }

// asSet is a list of lookup names as the set resolveLookupSet takes (null stays null).
func asSet(l types.List) types.Set {
	if l.IsNull() || l.IsUnknown() {
		return types.SetNull(types.StringType)
	}
	return types.SetValueMust(types.StringType, l.Elements())
}

// matchedCompany is a listed company with the organizations it is mapped to.
type matchedCompany struct {
	company connectwise.Company
	orgs    []string
}

// matchOrganizations finds each company's organizations by record ID or identifier (ignoring
// case, as ConnectWise compares identifiers). It returns the companies that have one, and
// the organizations keys that matched.
func matchOrganizations(companies []connectwise.Company, orgs map[string]string) ([]matchedCompany, map[string]bool) {
	byKey := map[string][]string{} // lower-cased key → its map keys (two may differ in case only)
	for k := range orgs {
		byKey[strings.ToLower(k)] = append(byKey[strings.ToLower(k)], k)
	}
	used := map[string]bool{}
	var out []matchedCompany
	for _, c := range companies {
		var mine []string
		for _, key := range []string{strconv.Itoa(c.ID), strings.ToLower(c.Identifier)} {
			for _, k := range byKey[key] {
				used[k] = true
				if !slices.Contains(mine, orgs[k]) {
					mine = append(mine, orgs[k])
				}
			}
		}
		if len(mine) > 0 {
			slices.Sort(mine)
			out = append(out, matchedCompany{company: c, orgs: mine})
		}
	}
	return out, used
}

// pairCandidates makes one candidate per (organization, company, agreement), sorted by
// company name so a person reviews them in the order they know the customers. Candidates
// the sync would skip are dropped, or kept with their reason when unbillable is true.
//
// A mapping bills Monthly agreements unless it says otherwise (billing_cycle), so an
// agreement on another recurring cycle is one the sync would skip: left out by default.
// Listed (unbillable is true), its generated mapping sets billing_cycle to the agreement's
// cycle and says so in the display name: asking to see it is the opt-in, and the person
// reviewing the generated file sees the choice in it.
func pairCandidates(matched []matchedCompany, agreementsOf map[int][]connectwise.Agreement, now time.Time, unbillable bool) (out []mappingCandidate, noAgreement []string, skipped int) {
	for _, mc := range matched {
		company := usagesync.CompanyFrom(mc.company)
		listed := false
		for _, org := range mc.orgs {
			var mine []mappingCandidate
			for _, a := range agreementsOf[mc.company.ID] {
				agreement := usagesync.AgreementFrom(a)
				cycle := billing.CycleMonthly
				if own := agreementCycle(&a); unbillable && own != "" {
					cycle = own
				}
				_, ok, reason := billing.CustomerBillability(billing.Customer{OrganizationID: org, CompanyID: mc.company.ID, AgreementID: a.ID, BillingCycle: cycle},
					&company, &agreement, now)
				if !ok && !unbillable {
					skipped++
					continue
				}
				mine = append(mine, mappingCandidate{org: org, company: mc.company, agreement: a, skip: reason, cycle: cycle})
			}
			for i := range mine {
				mine[i].nth, mine[i].of = i+1, len(mine)
			}
			listed = listed || len(mine) > 0
			out = append(out, mine...)
		}
		if !listed {
			noAgreement = append(noAgreement, companyLabel(mc.company))
		}
	}
	slices.SortStableFunc(out, func(a, b mappingCandidate) int {
		if c := strings.Compare(strings.ToLower(a.company.Name), strings.ToLower(b.company.Name)); c != 0 {
			return c
		}
		if a.company.ID != b.company.ID {
			return a.company.ID - b.company.ID
		}
		if c := strings.Compare(a.org, b.org); c != 0 {
			return c
		}
		return a.agreement.ID - b.agreement.ID
	})
	return out, noAgreement, skipped
}

// organizationsWarning names what a person most likely wants to fix: keys of organizations
// that match no listed company (a typo, or a company the filters leave out) and companies
// with no candidate agreement.
func organizationsWarning(orgs map[string]string, used map[string]bool, noAgreement []string, skipped int) string {
	var unmatched []string
	for k, org := range orgs {
		if !used[k] {
			unmatched = append(unmatched, fmt.Sprintf("%q (%s)", k, org))
		}
	}
	slices.Sort(unmatched)
	var parts []string
	if len(unmatched) > 0 {
		parts = append(parts, fmt.Sprintf("These organizations keys match no company the filters list (check the identifier, "+
			"or whether the company's type or status is filtered out, it is in the recycle bin, or the API member's Level or "+
			"Location in ConnectWise hides it): %s.", strings.Join(unmatched, ", ")))
	}
	if len(noAgreement) > 0 {
		detail := fmt.Sprintf("These companies have no agreement of the chosen types that the usage sync would bill: %s.", strings.Join(noAgreement, ", "))
		if skipped > 0 {
			detail += fmt.Sprintf(" %d candidates were left out because the sync would skip them: set include_unbillable = true to see them and why.", skipped)
		}
		parts = append(parts, detail)
	}
	return strings.Join(parts, "\n\n")
}
