package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

func TestAccCompanyDataSource(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 30)})
	var deleted, liveClient storeRow
	for _, o := range srv.Sim.Store().List("companies") {
		switch {
		case o["deletedFlag"] == true && deleted == nil:
			deleted = o
		case o["deletedFlag"] != true && liveClient == nil && rowText(o, "name") == awkwardCompanyNames[0]:
			liveClient = o
		}
	}
	if deleted == nil || liveClient == nil {
		t.Fatal("the demo data lacks a deleted company or the O'Brien company")
	}
	deletedID, liveID := simulator.Int(deleted["id"]), simulator.Int(liveClient["id"])

	var config strings.Builder
	config.WriteString(provider)
	fmt.Fprintf(&config, "data \"connectwise_company\" \"by_id\" {\n  id = %d\n}\n", liveID)
	fmt.Fprintf(&config, "data \"connectwise_company\" \"by_identifier\" {\n  identifier = %s\n}\n", hclString(strings.ToLower(rowText(liveClient, "identifier"))))
	fmt.Fprintf(&config, "data \"connectwise_company\" \"deleted_by_id\" {\n  id = %d\n  include_deleted = true\n}\n", deletedID)
	fmt.Fprintf(&config, "data \"connectwise_company\" \"deleted_by_name\" {\n  name = %s\n  include_deleted = true\n}\n", hclString(rowText(deleted, "name")))
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.connectwise_company.by_id", tfjsonpath.New("name"), knownvalue.StringExact(awkwardCompanyNames[0])),
		statecheck.ExpectKnownValue("data.connectwise_company.by_id", tfjsonpath.New("identifier"), knownvalue.StringExact(rowText(liveClient, "identifier"))),
		statecheck.ExpectKnownValue("data.connectwise_company.by_id", tfjsonpath.New("status"), knownvalue.StringExact("Active")),
		statecheck.ExpectKnownValue("data.connectwise_company.by_id", tfjsonpath.New("types"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("Client")})),
		statecheck.ExpectKnownValue("data.connectwise_company.by_id", tfjsonpath.New("deleted"), knownvalue.Bool(false)),
		statecheck.ExpectKnownValue("data.connectwise_company.by_identifier", tfjsonpath.New("id"), knownvalue.Int64Exact(int64(liveID))),
		// What the user typed stays; ConnectWise matched it ignoring case.
		statecheck.ExpectKnownValue("data.connectwise_company.by_identifier", tfjsonpath.New("identifier"), knownvalue.StringExact(strings.ToLower(rowText(liveClient, "identifier")))),
		statecheck.ExpectKnownValue("data.connectwise_company.by_identifier", tfjsonpath.New("name"), knownvalue.StringExact(awkwardCompanyNames[0])),
		statecheck.ExpectKnownValue("data.connectwise_company.deleted_by_id", tfjsonpath.New("deleted"), knownvalue.Bool(true)),
		statecheck.ExpectKnownValue("data.connectwise_company.deleted_by_name", tfjsonpath.New("id"), knownvalue.Int64Exact(int64(deletedID))),
		statecheck.ExpectKnownValue("data.connectwise_company.deleted_by_name", tfjsonpath.New("deleted"), knownvalue.Bool(true)),
	}
	// Every awkward name finds exactly its company.
	for i, n := range awkwardCompanyNames {
		want := storeIDs(srv, "companies", func(o storeRow) bool { return rowTextEquals(o, "name", n) })
		if len(want) != 1 {
			t.Fatalf("awkward name %q matches %d companies in the store", n, len(want))
		}
		addr := fmt.Sprintf("awkward_%d", i)
		fmt.Fprintf(&config, "data \"connectwise_company\" %q {\n  name = %s\n}\n", addr, hclString(n))
		checks = append(checks,
			statecheck.ExpectKnownValue("data.connectwise_company."+addr, tfjsonpath.New("id"), knownvalue.Int64Exact(int64(want[0]))),
			statecheck.ExpectKnownValue("data.connectwise_company."+addr, tfjsonpath.New("name"), knownvalue.StringExact(n)))
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps:                    readTwice(config.String(), checks),
	})
	expectNoWrites(t, srv)
}

func TestAccCompanyDataSourceErrors(t *testing.T) {
	clearProviderEnv(t)
	srv, provider := startSimulator(t, simulator.Options{Data: simulator.DemoData(1, 30)})
	var deleted, twin storeRow
	for _, o := range srv.Sim.Store().List("companies") {
		if o["deletedFlag"] == true && deleted == nil {
			deleted = o
		}
		if o["deletedFlag"] != true && twin == nil && simulator.Int(o["id"]) > 19310 {
			twin = o
		}
	}
	// Names are not unique in ConnectWise: a second live company with the same name.
	twinID := srv.Sim.Store().Insert("companies", map[string]any{
		"identifier": "SameNameTwo", "name": strings.ToUpper(rowText(twin, "name")),
		"status": twin["status"], "types": twin["types"], "deletedFlag": false,
	})
	step := badDataSourceStep(provider, "connectwise_company")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step(`name = "Nobody Such Ltd"`, `Company not found[\s\S]*No company with name "Nobody Such Ltd"`),
			step(`identifier = "NoSuchIdent"`, `No company with identifier "NoSuchIdent"`),
			step(`id = 4242`, `Company 4242 was not found or is not visible to this API member`),
			step("name = "+hclString(rowText(deleted, "name")),
				fmt.Sprintf(`recycle bin[\s\S]*ID %d[\s\S]*include_deleted = true`, simulator.Int(deleted["id"]))),
			step(fmt.Sprintf("id = %d", simulator.Int(deleted["id"])), `Company is in the recycle bin[\s\S]*include_deleted = true`),
			step("name = "+hclString(rowText(twin, "name")),
				fmt.Sprintf(`Several companies match[\s\S]*2 companies match name[\s\S]*ID %d \(identifier "%s"\)[\s\S]*ID %d \(identifier "SameNameTwo"\)[\s\S]*Use id or identifier`,
					simulator.Int(twin["id"]), rowText(twin, "identifier"), twinID)),
			step(`
  id   = 19301
  name = "x"`, `Invalid Attribute Combination[\s\S]*\[id,identifier,name\]`),
			step(``, `Missing Attribute Configuration[\s\S]*Exactly one of these attributes must be configured: \[id,identifier,name\]`),
			step(`name = "a\tb"`, `control character`),
			step(`id = 0`, `id must be a ConnectWise company ID, a whole number of 1 or more, e.g. 250; got 0`),
		},
	})
	expectNoWrites(t, srv)
}
