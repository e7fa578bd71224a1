data "connectwise_system_info" "site" {}

output "connectwise_site" {
  value = "${data.connectwise_system_info.site.company_name} runs ConnectWise ${data.connectwise_system_info.site.version} (cloud: ${data.connectwise_system_info.site.is_cloud})"
}
