package simulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

// Dataset is the whole content of a site: one list of JSON objects per kind. It is the
// shape of the admin GET /store dump, of LoadDataset files and of DemoData.
type Dataset struct {
	Companies       []map[string]any `json:"companies"`
	CompanyTypes    []map[string]any `json:"companyTypes"`
	CompanyStatuses []map[string]any `json:"companyStatuses"`
	Agreements      []map[string]any `json:"agreements"`
	AgreementTypes  []map[string]any `json:"agreementTypes"`
	Additions       []map[string]any `json:"additions"`
	Catalog         []map[string]any `json:"catalog"`
	Categories      []map[string]any `json:"categories"`
	Subcategories   []map[string]any `json:"subcategories"`
	ProductTypes    []map[string]any `json:"productTypes"`
	UnitOfMeasures  []map[string]any `json:"unitOfMeasures"`
	Manufacturers   []map[string]any `json:"manufacturers"`
}

// kind returns the list that holds one kind.
func (d *Dataset) kind(kind string) *[]map[string]any {
	switch kind {
	case "companies":
		return &d.Companies
	case "companyTypes":
		return &d.CompanyTypes
	case "companyStatuses":
		return &d.CompanyStatuses
	case "agreements":
		return &d.Agreements
	case "agreementTypes":
		return &d.AgreementTypes
	case "additions":
		return &d.Additions
	case "catalog":
		return &d.Catalog
	case "categories":
		return &d.Categories
	case "subcategories":
		return &d.Subcategories
	case "productTypes":
		return &d.ProductTypes
	case "unitOfMeasures":
		return &d.UnitOfMeasures
	case "manufacturers":
		return &d.Manufacturers
	}
	panic(fmt.Sprintf("simulator: unknown kind %q", kind))
}

// LoadDataset reads a JSON file of the admin /store shape. Unknown keys are an error so a
// typo in a hand-written file does not silently drop data.
func LoadDataset(path string) (*Dataset, error) {
	b, err := os.ReadFile(path) //nolint:gosec // G304: reading the file the user named is the point of LoadDataset
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	d := &Dataset{}
	if err := dec.Decode(d); err != nil {
		return nil, fmt.Errorf("dataset %s: %w", path, err)
	}
	return d, nil
}
