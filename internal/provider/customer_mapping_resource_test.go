package provider

import (
	"context"
	"fmt"
	"math/big"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

const (
	mappingType     = "connectwise_customer_mapping"
	mappingResource = mappingType + ".test"
	mappingIntegr   = "NordLayer"
)

// mappingFixtures are companies and agreements set up in ConnectWise for these tests, as a
// person would have made them, with names the assertions can rely on.
type mappingFixtures struct {
	acme, beta, gamma                                             int // companies; gamma is in the recycle bin
	managed, security, cancelled, expired, betaManaged, gammaDeal int // agreements
}

func insertMappingFixtures(t *testing.T, srv *simulator.Server) mappingFixtures {
	t.Helper()
	st := srv.Sim.Store()
	company := func(identifier, name string, deleted bool) int {
		return st.Insert("companies", map[string]any{
			"identifier": identifier, "name": name, "deletedFlag": deleted,
			"status": map[string]any{"id": 1, "name": "Active"},
			"types":  []any{map[string]any{"id": 1, "name": "Client"}},
		})
	}
	agreement := func(companyID int, name, status string) int {
		c, _ := st.Get("companies", companyID)
		a := map[string]any{
			"name": name, "type": map[string]any{"id": 1, "name": "Managed Services"},
			"company":         map[string]any{"id": c["id"], "identifier": c["identifier"], "name": c["name"]},
			"agreementStatus": status, "cancelledFlag": status == "Cancelled",
			"startDate": "2025-01-01T00:00:00Z", "noEndingDateFlag": status != "Expired",
		}
		switch status {
		case "Cancelled":
			a["dateCancelled"] = "2025-03-31T00:00:00Z"
		case "Expired":
			a["endDate"] = "2025-06-30T00:00:00Z"
		}
		return st.Insert("agreements", a)
	}
	var fx mappingFixtures
	fx.acme = company("ACME", "Acme Dental", false)
	fx.beta = company("BETA", "Beta Logistics", false)
	fx.gamma = company("GAMMA", "Gamma Realty", false)
	fx.managed = agreement(fx.acme, "Managed Services", "Active")
	fx.security = agreement(fx.acme, "Security Bundle", "Active")
	fx.cancelled = agreement(fx.acme, "Old Contract", "Cancelled")
	fx.expired = agreement(fx.acme, "Fixed Term 2025", "Expired")
	fx.betaManaged = agreement(fx.beta, "Beta Managed", "Active")
	fx.gammaDeal = agreement(fx.gamma, "Gamma Deal", "Active")
	if err := st.Update("companies", fx.gamma, map[string]any{"deletedFlag": true, "dateDeleted": "2025-05-02T10:00:00Z"}); err != nil {
		t.Fatal(err)
	}
	// An addition the sync made earlier: unmapping must leave it alone.
	st.Insert("additions", map[string]any{
		"agreementId": fx.managed, "product": map[string]any{"id": 300, "identifier": "NL-CORE-USER"},
		"quantity": 12.0, "billCustomer": "Billable", "effectiveDate": "2025-01-01T00:00:00Z", "agreementStatus": "Active",
	})
	return fx
}

// untouched fails when the API saw a write or any addition changed: a mapping writes
// nothing, ever, not even when it is destroyed.
func mappingUntouched(srv *simulator.Server, additionsBefore []map[string]any) error {
	if w := srv.Sim.Counters().Writes; w != 0 {
		return fmt.Errorf("the customer mapping wrote to ConnectWise %d times; it must never write", w)
	}
	if after := srv.Sim.Store().List("additions"); !reflect.DeepEqual(after, additionsBefore) {
		return fmt.Errorf("agreement additions changed:\nbefore %v\nafter  %v", additionsBefore, after)
	}
	return nil
}

func mappingConfig(provider, org, orgName string, companyID, agreementID int, extra string) string {
	name := ""
	if orgName != "" {
		name = fmt.Sprintf("organization_name = %q", orgName)
	}
	return provider + fmt.Sprintf(`
resource %q "test" {
  integration_id  = %q
  organization_id = %q
  %s
  company_id      = %d
  agreement_id    = %d
  %s
}
`, mappingType, mappingIntegr, org, name, companyID, agreementID, extra)
}

func mappingState(res, attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(res, tfjsonpath.New(attr), check)
}

func mappingPlanned(res, attr string, check knownvalue.Check) plancheck.PlanCheck {
	return plancheck.ExpectKnownValue(res, tfjsonpath.New(attr), check)
}

// phrase matches text as Terraform prints it: long diagnostics are wrapped at spaces.
func mappingPhrase(text string) *regexp.Regexp {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`))
}

func TestAccCustomerMappingResource(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 30)})
	fx := insertMappingFixtures(t, srv)
	additions := srv.Sim.Store().List("additions")
	final := mappingConfig(provider, "org-acme", "", fx.acme, fx.security, "")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return mappingUntouched(srv, additions) },
		Steps: []resource.TestStep{
			{ // The plan already shows the names it checked.
				Config: mappingConfig(provider, "org-acme", "Acme Org", fx.acme, fx.managed, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mappingResource, plancheck.ResourceActionCreate),
					mappingPlanned(mappingResource, "company_name", knownvalue.StringExact("Acme Dental")),
					mappingPlanned(mappingResource, "agreement_name", knownvalue.StringExact("Managed Services")),
					mappingPlanned(mappingResource, "id", knownvalue.StringExact("NordLayer/org-acme")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					mappingState(mappingResource, "id", knownvalue.StringExact("NordLayer/org-acme")),
					mappingState(mappingResource, "organization_name", knownvalue.StringExact("Acme Org")),
					mappingState(mappingResource, "company_identifier", knownvalue.StringExact("ACME")),
					mappingState(mappingResource, "company_name", knownvalue.StringExact("Acme Dental")),
					mappingState(mappingResource, "company_deleted", knownvalue.Bool(false)),
					mappingState(mappingResource, "agreement_name", knownvalue.StringExact("Managed Services")),
					mappingState(mappingResource, "agreement_status", knownvalue.StringExact("Active")),
					mappingState(mappingResource, "sync_enabled", knownvalue.Bool(true)),
				},
			},
			{ // sync_enabled and organization_name change in place.
				Config: mappingConfig(provider, "org-acme", "Acme Organisation", fx.acme, fx.managed, "sync_enabled = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(mappingResource, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					mappingState(mappingResource, "sync_enabled", knownvalue.Bool(false)),
					mappingState(mappingResource, "organization_name", knownvalue.StringExact("Acme Organisation")),
					mappingState(mappingResource, "agreement_name", knownvalue.StringExact("Managed Services")),
				},
			},
			{ // Another agreement is a replacement, checked like a new mapping.
				Config: mappingConfig(provider, "org-acme", "Acme Organisation", fx.acme, fx.security, "sync_enabled = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mappingResource, plancheck.ResourceActionReplace),
					mappingPlanned(mappingResource, "agreement_name", knownvalue.StringExact("Security Bundle")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					mappingState(mappingResource, "id", knownvalue.StringExact("NordLayer/org-acme")),
					mappingState(mappingResource, "agreement_id", knownvalue.Int64Exact(int64(fx.security))),
					mappingState(mappingResource, "agreement_name", knownvalue.StringExact("Security Bundle")),
				},
			},
			{ // Back to what an import can know: no organization name, sync enabled.
				Config: final,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(mappingResource, plancheck.ResourceActionUpdate),
				}},
			},
			{
				Config:            final,
				ResourceName:      mappingResource,
				ImportState:       true,
				ImportStateId:     fmt.Sprintf("NordLayer/org-acme/%d", fx.security),
				ImportStateVerify: true,
			},
			{
				Config:        final,
				ResourceName:  mappingResource,
				ImportState:   true,
				ImportStateId: "NordLayer/org-acme",
				ExpectError:   mappingPhrase("use <integration_id>/<organization_id>/<agreement_id>"),
			},
			{
				Config:        final,
				ResourceName:  mappingResource,
				ImportState:   true,
				ImportStateId: "NordLayer/org-acme/999999",
				ExpectError:   mappingPhrase("the import ID's agreement_id 999999 was not found or is not visible to this API member (deleted, or hidden by the member's Level or Location restrictions in ConnectWise). Import organization \"org-acme\""),
			},
			{ // A second plan costs nothing and changes nothing.
				Config:   final,
				PlanOnly: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// After a person cancels or deletes the agreement, or moves the company to the recycle
// bin, the next plan shows it; the mapping can still be changed and fixed.
func TestAccCustomerMappingDrift(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 30)})
	fx := insertMappingFixtures(t, srv)
	additions := srv.Sim.Store().List("additions")
	st := srv.Sim.Store()
	const acmeRes, betaRes = mappingType + ".acme", mappingType + ".beta"
	config := func(acmeAgreement int, acmeExtra string) string {
		return provider + fmt.Sprintf(`
resource %[1]q "acme" {
  integration_id    = "NordLayer"
  organization_id   = "org-acme"
  organization_name = "Acme Org"
  company_id        = %[2]d
  agreement_id      = %[3]d
  %[4]s
}
resource %[1]q "beta" {
  integration_id  = "NordLayer"
  organization_id = "org-beta"
  company_id      = %[5]d
  agreement_id    = %[6]d
}
`, mappingType, fx.acme, acmeAgreement, acmeExtra, fx.beta, fx.betaManaged)
	}
	mustUpdate := func(kind string, id int, fields map[string]any) {
		if err := st.Update(kind, id, fields); err != nil {
			t.Fatal(err)
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return mappingUntouched(srv, additions) },
		Steps: []resource.TestStep{
			{Config: config(fx.managed, "")},
			{
				PreConfig: func() {
					mustUpdate("agreements", fx.managed, map[string]any{"agreementStatus": "Cancelled", "cancelledFlag": true})
					mustUpdate("companies", fx.beta, map[string]any{"deletedFlag": true})
				},
				Config:   config(fx.managed, ""),
				PlanOnly: true, // no change to make: the plan warns (see the protocol test) and shows the status
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					mappingPlanned(acmeRes, "agreement_status", knownvalue.StringExact("Cancelled")),
					mappingPlanned(betaRes, "company_deleted", knownvalue.Bool(true)),
					mappingPlanned(betaRes, "agreement_status", knownvalue.StringExact("Active")),
				}},
			},
			{ // Pausing the sync of a drifted customer is still possible.
				Config: config(fx.managed, "sync_enabled = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(acmeRes, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(betaRes, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					mappingState(acmeRes, "agreement_status", knownvalue.StringExact("Cancelled")),
					mappingState(acmeRes, "sync_enabled", knownvalue.Bool(false)),
					mappingState(betaRes, "company_deleted", knownvalue.Bool(true)),
				},
			},
			{
				PreConfig: func() { st.Delete("agreements", fx.managed) },
				Config:    config(fx.managed, "sync_enabled = false"),
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					mappingPlanned(acmeRes, "agreement_status", knownvalue.StringExact("NotFound")),
					mappingPlanned(acmeRes, "agreement_name", knownvalue.StringExact("Managed Services")),
				}},
			},
			{ // The fix: map the customer to an active agreement.
				Config: config(fx.security, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(acmeRes, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					mappingState(acmeRes, "agreement_status", knownvalue.StringExact("Active")),
					mappingState(acmeRes, "agreement_name", knownvalue.StringExact("Security Bundle")),
				},
			},
		},
	})
}

// Every bad input fails the plan (PlanOnly: nothing is ever applied) with one error that
// names both objects and what would be accepted.
func TestAccCustomerMappingBadInputs(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 30)})
	fx := insertMappingFixtures(t, srv)
	additions := srv.Sim.Store().List("additions")
	bad := func(org string, companyID, agreementID int, want ...string) resource.TestStep {
		pattern := make([]string, len(want))
		for i, w := range want {
			pattern[i] = mappingPhrase(w).String()
		}
		return resource.TestStep{
			Config:      mappingConfig(provider, org, "Acme Org", companyID, agreementID, ""),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)` + strings.Join(pattern, ".*")),
		}
	}
	acme, beta := fmt.Sprintf(`company %d "Acme Dental" (ACME)`, fx.acme), fmt.Sprintf(`company %d "Beta Logistics" (BETA)`, fx.beta)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return mappingUntouched(srv, additions) },
		Steps: []resource.TestStep{
			bad("org-acme", fx.acme, fx.betaManaged, "Agreement belongs to another company",
				fmt.Sprintf(`agreement %d "Beta Managed" belongs to %s, not to %s.`, fx.betaManaged, beta, acme),
				fmt.Sprintf(`Set agreement_id to an active agreement of %s: %d "Managed Services", %d "Security Bundle".`, acme, fx.managed, fx.security),
				fmt.Sprintf("set company_id = %d", fx.beta)),
			bad("org-acme", fx.acme, fx.cancelled, "Agreement is not active",
				fmt.Sprintf(`agreement %d "Old Contract" of %s is Cancelled.`, fx.cancelled, acme),
				`organization "org-acme" ("Acme Org") would never be billed`,
				fmt.Sprintf(`%d "Managed Services"`, fx.managed), "reopen the agreement in ConnectWise"),
			bad("org-acme", fx.acme, fx.expired, "Agreement is not active",
				fmt.Sprintf(`agreement %d "Fixed Term 2025" of %s is Expired (its end date 2025-06-30 has passed).`, fx.expired, acme),
				"extend the agreement's end date"),
			bad("org-gamma", fx.gamma, fx.gammaDeal, "Company is in the recycle bin",
				fmt.Sprintf(`company %d "Gamma Realty" (GAMMA) is in the ConnectWise recycle bin, so organization "org-gamma" ("Acme Org") cannot be mapped to it with agreement %d "Gamma Deal"`, fx.gamma, fx.gammaDeal),
				"Restore the company"),
			bad("org-acme", 1, fx.managed, "Company not found or not visible",
				fmt.Sprintf(`Company 1 was not found or is not visible to this API member (deleted, or hidden by the member's Level or Location restrictions in ConnectWise), so organization "org-acme" ("Acme Org") cannot be mapped to it with agreement %d "Managed Services".`, fx.managed),
				fmt.Sprintf("That agreement belongs to %s: set company_id = %d", acme, fx.acme)),
			bad("org-acme", fx.acme, 999999, "Agreement not found or not visible",
				fmt.Sprintf(`Agreement 999999 was not found or is not visible to this API member (deleted, or hidden by the member's Level or Location restrictions in ConnectWise), so organization "org-acme" ("Acme Org") cannot be mapped to it for %s.`, acme),
				fmt.Sprintf(`%d "Managed Services", %d "Security Bundle"`, fx.managed, fx.security)),
			bad("org-acme", 1, 999999, "Company not found or not visible", "Agreement 999999 was not returned either"),
			bad("", fx.acme, fx.managed, "organization_id is blank: write the vendor's ID of the customer organization"),
			bad("team/acme", fx.acme, fx.managed, `organization_id "team/acme" contains "/"`),
		},
	})
}

// quarterly is the drift of an agreement whose billing cycle a person set to Quarterly.
func quarterly(st *simulator.Store, fx mappingFixtures) error {
	return st.Update("agreements", fx.managed, map[string]any{"billingCycle": map[string]any{"id": 3, "name": "Quarterly"}})
}

// The protocol-level view of drift: Read refreshes the computed attributes, and the plan
// that follows carries one warning naming the customer, the company and the agreement,
// without a single extra request.
func TestCustomerMappingDriftWarnings(t *testing.T) {
	cases := []struct {
		name        string
		drift       func(st *simulator.Store, fx mappingFixtures) error
		status      string
		deleted     bool
		cycle       string   // the mapping's billing_cycle; "" leaves it unset (Monthly)
		fix         string   // the advice the warning gives; "" is "to an active agreement" (remap)
		stateBlind  bool     // drift the state does not record: a plan -refresh=false cannot warn
		wantPhrases []string // empty: no warning at all
	}{
		{name: "none", status: "Active"},
		{
			name: "agreement bills quarterly, billing_cycle unset", status: "Active", stateBlind: true,
			drift:       quarterly,
			fix:         `set billing_cycle = "Quarterly" on this mapping (changed in place; nothing in ConnectWise is written)`,
			wantPhrases: []string{`agreement {managed} (Managed Services) bills Quarterly (billingCycle "Quarterly"), not Monthly as the customer mapping of organization org-acme allows (billing_cycle)`},
		},
		{name: "agreement bills quarterly, billing_cycle Quarterly", status: "Active", cycle: "Quarterly", drift: quarterly},
		{
			name: "agreement bills monthly, billing_cycle Yearly", status: "Active", cycle: "Yearly", stateBlind: true,
			fix:         `set billing_cycle = "Monthly" on this mapping`,
			wantPhrases: []string{`agreement {managed} (Managed Services) bills Monthly (billingCycle "Monthly"), not Yearly`},
		},
		{
			name: "billing starts after the period", status: "Active", stateBlind: true,
			drift: func(st *simulator.Store, fx mappingFixtures) error {
				return st.Update("agreements", fx.managed, map[string]any{"billStartDate": "2099-03-01T00:00:00Z"})
			},
			fix:         "the sync starts once billing starts",
			wantPhrases: []string{`agreement {managed} (Managed Services) starts billing on 2099-03-01 (billStartDate), after the billing period`},
		},
		{
			name: "one-time agreement", status: "Active", stateBlind: true,
			drift: func(st *simulator.Store, fx mappingFixtures) error {
				return st.Update("agreements", fx.managed, map[string]any{"oneTimeFlag": true})
			},
			fix:         "map it to a recurring agreement",
			wantPhrases: []string{`agreement {managed} (Managed Services) is a one-time agreement (oneTimeFlag)`},
		},
		{
			name: "agreement cancelled", status: "Cancelled",
			drift: func(st *simulator.Store, fx mappingFixtures) error {
				return st.Update("agreements", fx.managed, map[string]any{"agreementStatus": "Cancelled", "cancelledFlag": true})
			},
			wantPhrases: []string{`agreement {managed} (Managed Services) is Cancelled`, "reopen the agreement in ConnectWise"},
		},
		{
			name: "agreement expired", status: "Expired",
			drift: func(st *simulator.Store, fx mappingFixtures) error {
				return st.Update("agreements", fx.managed, map[string]any{"noEndingDateFlag": false, "endDate": "2025-06-30T00:00:00Z"})
			},
			wantPhrases: []string{`agreement {managed} (Managed Services) is Expired`, "extend the agreement's end date"},
		},
		{
			name: "agreement deleted", status: "NotFound",
			drift: func(st *simulator.Store, fx mappingFixtures) error {
				st.Delete("agreements", fx.managed)
				return nil
			},
			wantPhrases: []string{`agreement {managed} of organization org-acme was not found`},
		},
		{
			name: "company in the recycle bin", status: "Active", deleted: true,
			drift: func(st *simulator.Store, fx mappingFixtures) error {
				return st.Update("companies", fx.acme, map[string]any{"deletedFlag": true})
			},
			wantPhrases: []string{`company {acme} (Acme Dental) is in the ConnectWise recycle bin`, "restore the company"},
		},
		{
			name: "agreement moved to another company", status: "Active", stateBlind: true,
			drift: func(st *simulator.Store, fx mappingFixtures) error {
				return st.Update("agreements", fx.managed, map[string]any{"company": map[string]any{"id": fx.beta, "identifier": "BETA", "name": "Beta Logistics"}})
			},
			wantPhrases: []string{`agreement {managed} (Managed Services) belongs to company {beta}, not to company {acme}`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			srv := simulator.StartTest(t, simulator.Options{Data: simulator.DemoData(1, 10)})
			fx := insertMappingFixtures(t, srv)
			server := protocolServer(t)
			schemas := configureProvider(ctx, t, server, srv.URL)
			schema := schemas.ResourceSchemas[mappingType]
			config := map[string]tftypes.Value{
				"integration_id":    tftypes.NewValue(tftypes.String, mappingIntegr),
				"organization_id":   tftypes.NewValue(tftypes.String, "org-acme"),
				"organization_name": tftypes.NewValue(tftypes.String, "Acme Org"),
				"company_id":        tftypes.NewValue(tftypes.Number, big.NewFloat(float64(fx.acme))),
				"agreement_id":      tftypes.NewValue(tftypes.Number, big.NewFloat(float64(fx.managed))),
			}
			if tc.cycle != "" {
				config["billing_cycle"] = tftypes.NewValue(tftypes.String, tc.cycle)
			}
			state := map[string]tftypes.Value{
				"id":                 tftypes.NewValue(tftypes.String, "NordLayer/org-acme"),
				"sync_enabled":       tftypes.NewValue(tftypes.Bool, true),
				"company_identifier": tftypes.NewValue(tftypes.String, "ACME"),
				"company_name":       tftypes.NewValue(tftypes.String, "Acme Dental"),
				"company_deleted":    tftypes.NewValue(tftypes.Bool, false),
				"agreement_name":     tftypes.NewValue(tftypes.String, "Managed Services"),
				"agreement_status":   tftypes.NewValue(tftypes.String, "Active"),
			}
			for k, v := range config {
				state[k] = v
			}
			if tc.drift != nil {
				if err := tc.drift(srv.Sim.Store(), fx); err != nil {
					t.Fatal(err)
				}
			}
			srv.Sim.ResetCounters()

			read, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: mappingType, CurrentState: dynamicValue(t, schema, state)})
			if err != nil {
				t.Fatal(err)
			}
			failOnErrors(t, read.Diagnostics)
			refreshed := mappingDecode(t, schema, read.NewState)
			if got := mappingString(t, refreshed, "agreement_status"); got != tc.status {
				t.Errorf("agreement_status after refresh = %q, want %q", got, tc.status)
			}
			if got := mappingBool(t, refreshed, "company_deleted"); got != tc.deleted {
				t.Errorf("company_deleted after refresh = %v, want %v", got, tc.deleted)
			}
			if got := mappingString(t, refreshed, "agreement_name"); got != "Managed Services" {
				t.Errorf("agreement_name after refresh = %q: the last known name must stay", got)
			}
			afterRead := srv.Sim.Counters().Total
			if afterRead > 2 {
				t.Errorf("refreshing one mapping made %d requests, want at most 2 (one company list, one agreement list)", afterRead)
			}

			plan, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
				TypeName: mappingType, PriorState: read.NewState, ProposedNewState: read.NewState,
				Config: dynamicValue(t, schema, config),
			})
			if err != nil {
				t.Fatal(err)
			}
			if n := srv.Sim.Counters().Total - afterRead; n != 0 {
				t.Errorf("the plan after the refresh made %d requests; the refreshed objects are cached", n)
			}
			planned := mappingDecode(t, schema, plan.PlannedState)
			if got := mappingString(t, planned, "agreement_status"); got != tc.status {
				t.Errorf("planned agreement_status = %q, want %q", got, tc.status)
			}
			if len(plan.RequiresReplace) != 0 {
				t.Errorf("drift must not force a replacement: %v", plan.RequiresReplace)
			}
			if len(tc.wantPhrases) == 0 {
				if len(plan.Diagnostics) != 0 {
					t.Errorf("no drift, yet diagnostics: %v", mappingDiagnostics(plan.Diagnostics))
				}
				return
			}
			if len(plan.Diagnostics) != 1 || plan.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityWarning {
				t.Fatalf("want exactly one warning, got %v", mappingDiagnostics(plan.Diagnostics))
			}
			d := plan.Diagnostics[0]
			text := d.Summary + "\n" + d.Detail
			fix := tc.fix
			if fix == "" {
				fix = "to an active agreement"
			}
			want := append([]string{
				`Usage sync skips organization "org-acme"`,
				`Organization "org-acme" ("Acme Org") is mapped to`,
				"The usage sync skips this customer",
				fix,
			}, tc.wantPhrases...)
			for _, w := range want {
				w = strings.NewReplacer("{acme}", fmt.Sprint(fx.acme), "{managed}", fmt.Sprint(fx.managed), "{beta}", fmt.Sprint(fx.beta)).Replace(w)
				if !strings.Contains(text, w) {
					t.Errorf("warning lacks %q:\n%s", w, text)
				}
			}
			// Both objects are named even when ConnectWise no longer has one of them.
			for _, w := range []string{fmt.Sprintf(`company %d "Acme Dental" (ACME)`, fx.acme), fmt.Sprintf(`agreement %d "Managed Services"`, fx.managed)} {
				if !strings.Contains(d.Detail, w) {
					t.Errorf("warning does not name %s:\n%s", w, d.Detail)
				}
			}

			// plan -refresh=false: another provider process plans the unchanged mapping from
			// the refreshed state alone, without a request, and warns the same way, except
			// for what the state does not record (the agreement's company).
			fresh := protocolServer(t)
			configureProvider(ctx, t, fresh, srv.URL)
			srv.Sim.ResetCounters()
			noRefresh, err := fresh.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
				TypeName: mappingType, PriorState: read.NewState, ProposedNewState: read.NewState,
				Config: dynamicValue(t, schema, config),
			})
			if err != nil {
				t.Fatal(err)
			}
			if n := srv.Sim.Counters().Total; n != 0 {
				t.Errorf("plan -refresh=false of an unchanged mapping made %d requests, want 0", n)
			}
			switch {
			case tc.stateBlind:
				if len(noRefresh.Diagnostics) != 0 {
					t.Errorf("-refresh=false cannot know this drift, yet: %v", mappingDiagnostics(noRefresh.Diagnostics))
				}
			case len(noRefresh.Diagnostics) != 1 || noRefresh.Diagnostics[0].Summary != d.Summary || noRefresh.Diagnostics[0].Detail != d.Detail:
				t.Errorf("-refresh=false warns %v, want the refreshed plan's warning%v", mappingDiagnostics(noRefresh.Diagnostics), mappingDiagnostics(plan.Diagnostics))
			}
		})
	}
}

func mappingDecode(t *testing.T, schema *tfprotov6.Schema, dv *tfprotov6.DynamicValue) map[string]tftypes.Value {
	t.Helper()
	if dv == nil {
		t.Fatal("no value")
	}
	v, err := dv.Unmarshal(schema.ValueType())
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	return attrs
}

func mappingString(t *testing.T, attrs map[string]tftypes.Value, name string) string {
	t.Helper()
	var s string
	if err := attrs[name].As(&s); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

func mappingBool(t *testing.T, attrs map[string]tftypes.Value, name string) bool {
	t.Helper()
	var b bool
	if err := attrs[name].As(&b); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return b
}

func mappingHasError(diags []*tfprotov6.Diagnostic, text string) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError && strings.Contains(d.Summary+" "+d.Detail, text) {
			return true
		}
	}
	return false
}

func mappingDiagnostics(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "\n[%v] %s: %s", d.Severity, d.Summary, d.Detail)
	}
	return b.String()
}
