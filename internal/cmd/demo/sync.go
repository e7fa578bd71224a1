package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/usagesync"
)

// sync pushes the usage: with the connectwise_sync_usage action where Terraform can run it,
// otherwise with the same executor the action runs, as a stand-in for the hourly pipeline.
func (d *demo) sync() error {
	if d.actions {
		step("terraform apply -invoke=action.connectwise_sync_usage.preview (dry run: nothing is written)")
		if err := d.tf.must("apply", "-input=false", "-no-color", "-auto-approve", "-invoke=action.connectwise_sync_usage.preview"); err != nil {
			return err
		}
		step("terraform apply -invoke=action.connectwise_sync_usage.hourly (the hourly pipeline)")
		err := d.tf.must("apply", "-input=false", "-no-color", "-auto-approve", "-invoke=action.connectwise_sync_usage.hourly")
		return err
	}
	step("The sync: connectwise_sync_usage needs Terraform 1.14; running the same executor directly instead")
	fmt.Println("(On Terraform 1.14+ this step is `terraform apply -invoke=action.connectwise_sync_usage.hourly`,")
	fmt.Println(" preceded by the dry run `-invoke=action.connectwise_sync_usage.preview`.)")
	req, err := d.requestFromState()
	if err != nil {
		return err
	}
	client, err := connectwise.New(connectwise.Config{
		SiteURL: d.sim.URL, CompanyID: "mspkit", PublicKey: "simpublic", PrivateKey: "simprivate", ClientID: clientID,
		UserAgent: "connectwise-demo",
	})
	if err != nil {
		return err
	}
	res, err := usagesync.Run(d.ctx, client, req, usagesync.Settings{Progress: func(line string) { fmt.Println(line) }})
	if err != nil {
		return err
	}
	if len(res.Failed) > 0 {
		return fmt.Errorf("%d customers failed: %v", len(res.Failed), res.Failed)
	}
	return nil
}

// requestFromState builds the sync input from the mappings Terraform just applied, as the
// action receives them from values(connectwise_customer_mapping.all).
func (d *demo) requestFromState() (usagesync.Request, error) {
	var req usagesync.Request
	customers, err := d.tf.resources("connectwise_customer_mapping")
	if err != nil {
		return req, err
	}
	products, err := d.tf.resources("connectwise_product_mapping")
	if err != nil {
		return req, err
	}
	if len(customers) == 0 || len(products) == 0 {
		return req, errors.New("no mappings in the state")
	}
	for _, c := range customers {
		req.Customers = append(req.Customers, billing.Customer{
			OrganizationID: str(c["organization_id"]), OrganizationName: str(c["organization_name"]),
			CompanyID: integer(c["company_id"]), AgreementID: integer(c["agreement_id"]), SyncEnabled: c["sync_enabled"] == true,
		})
	}
	for _, p := range products {
		req.Products = append(req.Products, billing.Product{
			VendorSKU: str(p["vendor_sku"]), CatalogItemID: integer(p["catalog_item_id"]), CatalogItemIdentifier: str(p["catalog_item_identifier"]),
		})
		req.Options.IntegrationName = str(p["integration_id"])
	}
	raw, err := os.ReadFile(filepath.Join(d.tf.dir, "usage.json"))
	if err != nil {
		return req, err
	}
	if err := json.Unmarshal(raw, &req.Usage); err != nil {
		return req, err
	}
	req.Options.AsOf = time.Now().UTC()
	return req, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func integer(v any) int {
	f, _ := v.(float64)
	return int(f)
}
