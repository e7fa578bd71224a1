package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// agreementFixtures picks agreements of the demo data for the singular tests: a cancelled
// one, an active one whose name is unique, and two active ones sharing a name.
type agreementFixtures struct {
	cancelled, unique storeRow
	sameName          []storeRow
}

func pickAgreements(t *testing.T, srv *simulator.Server) agreementFixtures {
	t.Helper()
	var f agreementFixtures
	all := srv.Sim.Store().List("agreements")
	count := map[string][]storeRow{}
	for _, a := range all {
		k := strings.ToLower(rowText(a, "name"))
		count[k] = append(count[k], a)
	}
	for _, a := range all {
		same := count[strings.ToLower(rowText(a, "name"))]
		switch {
		case f.cancelled == nil && rowText(a, "agreementStatus") == "Cancelled":
			f.cancelled = a
		case f.unique == nil && len(same) == 1 && rowText(a, "agreementStatus") == "Active" && strings.ContainsAny(rowText(a, "name"), `"'\*`):
			f.unique = a
		case f.sameName == nil && len(same) == 2 && rowText(same[0], "agreementStatus") == "Active" && rowText(same[1], "agreementStatus") == "Active":
			f.sameName = same
		}
	}
	if f.cancelled == nil || f.unique == nil || f.sameName == nil {
		t.Fatalf("the demo data lacks an agreement fixture: %+v", f)
	}
	return f
}

func TestAccAgreementDataSource(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 30)})
	f := pickAgreements(t, srv)
	cancelledID, uniqueID := simulator.Int(f.cancelled["id"]), simulator.Int(f.unique["id"])
	// The same agreement name at another company: company_id tells them apart.
	other := srv.Sim.Store().List("companies")[0]
	copied := map[string]any{}
	for k, v := range f.unique {
		if k != "id" && k != "_info" {
			copied[k] = v
		}
	}
	copied["company"] = map[string]any{"id": other["id"], "identifier": other["identifier"], "name": other["name"]}
	otherID := srv.Sim.Store().Insert("agreements", copied)
	uniqueCompany := rowRefIDs(f.unique, "company")[0]

	config := provider + fmt.Sprintf(`
data "connectwise_agreement" "cancelled" {
  id = %d
}
data "connectwise_agreement" "by_name" {
  name       = %s
  company_id = %d
}
data "connectwise_agreement" "other_company" {
  name       = %s
  company_id = %d
}
data "connectwise_agreement" "cancelled_by_name" {
  name       = %s
  company_id = %d
  statuses   = ["Cancelled"]
}
`, cancelledID,
		hclString(strings.ToUpper(rowText(f.unique, "name"))), uniqueCompany,
		hclString(rowText(f.unique, "name")), simulator.Int(other["id"]),
		hclString(rowText(f.cancelled, "name")), rowRefIDs(f.cancelled, "company")[0])

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					// By ID, a cancelled agreement is returned and shows as cancelled.
					statecheck.ExpectKnownValue("data.connectwise_agreement.cancelled", tfjsonpath.New("status"), knownvalue.StringExact("Cancelled")),
					statecheck.ExpectKnownValue("data.connectwise_agreement.cancelled", tfjsonpath.New("cancelled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.connectwise_agreement.cancelled", tfjsonpath.New("name"), knownvalue.StringExact(rowText(f.cancelled, "name"))),
					statecheck.ExpectKnownValue("data.connectwise_agreement.cancelled", tfjsonpath.New("company_id"), knownvalue.Int64Exact(int64(rowRefIDs(f.cancelled, "company")[0]))),
					statecheck.ExpectKnownValue("data.connectwise_agreement.by_name", tfjsonpath.New("id"), knownvalue.Int64Exact(int64(uniqueID))),
					statecheck.ExpectKnownValue("data.connectwise_agreement.by_name", tfjsonpath.New("status"), knownvalue.StringExact("Active")),
					statecheck.ExpectKnownValue("data.connectwise_agreement.by_name", tfjsonpath.New("name"), knownvalue.StringExact(strings.ToUpper(rowText(f.unique, "name")))),
					statecheck.ExpectKnownValue("data.connectwise_agreement.other_company", tfjsonpath.New("id"), knownvalue.Int64Exact(int64(otherID))),
					statecheck.ExpectKnownValue("data.connectwise_agreement.other_company", tfjsonpath.New("company_identifier"), knownvalue.StringExact(rowText(other, "identifier"))),
					statecheck.ExpectKnownValue("data.connectwise_agreement.cancelled_by_name", tfjsonpath.New("id"), knownvalue.Int64Exact(int64(cancelledID))),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{Config: config, PlanOnly: true},
		},
	})
	expectNoWrites(t, srv)
}

func TestAccAgreementDataSourceErrors(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 30)})
	f := pickAgreements(t, srv)
	step := badDataSourceStep(provider, "connectwise_agreement")
	cancelledName := rowText(f.cancelled, "name")
	same := f.sameName
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step(`name = "No Such Agreement"`, `Agreement not found[\s\S]*No Active agreement with name "No Such Agreement"`),
			step(`id = 99999`, `Agreement 99999 was not found or is not visible to this API member`),
			// Only cancelled or expired agreements carry this name: say so, and how to read one.
			step("name = "+hclString(cancelledName),
				fmt.Sprintf(`No Active agreement with name[\s\S]*another status match: [\s\S]*ID %d \(Cancelled, company[\s\S]*Set statuses`, simulator.Int(f.cancelled["id"]))),
			step("name = "+hclString(rowText(same[0], "name")),
				fmt.Sprintf(`Several agreements match[\s\S]*2 Active agreements match name[\s\S]*ID %d \(Active, company[\s\S]*ID %d \(Active[\s\S]*Use id, or narrow the search with company_id or statuses`,
					simulator.Int(same[0]["id"]), simulator.Int(same[1]["id"]))),
			step(fmt.Sprintf("name = %s\n  company_id = %d", hclString(rowText(same[0], "name")), rowRefIDs(same[0], "company")[0]),
				`Several agreements match`),
			step("id = 700\n  name = \"x\"", `Invalid Attribute Combination[\s\S]*\[id,name\]`),
			step("id = 700\n  company_id = 19300", `Invalid Attribute Combination[\s\S]*company_id[\s\S]*id`),
			step("id = 700\n  statuses = [\"Active\"]", `Invalid Attribute Combination[\s\S]*statuses[\s\S]*id`),
			step(`company_id = 19300`, `Exactly one of these attributes must be configured: \[id,name\]`),
			step("name = \"x\"\n  statuses = [\"Closed\"]", `statuses "Closed" is not accepted: use one of "Active", "Cancelled",\s+"Expired", "Inactive"`),
		},
	})
	expectNoWrites(t, srv)
}
