"""Every inbound and outbound requirement in the seeds, as typed frozen data.

Each row cites its seed (`shared/seeds/<seed>_*.txt`), the table row or passage it comes from, and
(third argument of `_seed`) the section of the Microsoft Learn page that prints it in English
(`learn.SECTIONS`: page URL, anchor and heading).
Where a seed prints a name Azure rejects, the row holds the name Azure accepts and the comment
says what the seed printed.

Seeds: 000 = "Configure inbound and outbound network traffic" (Korean, current), 001 = "Network
traffic flow when using a secured workspace" (Korean, 2021), 002 = 000 in Portuguese (cross-check),
003 = "Secure a training environment with virtual networks" (Chinese, Azure China edition).
"""

from __future__ import annotations

from collections.abc import Iterable

from .learn import cite
from .model import (
    COVERED_BY_PRIVATE_ENDPOINT as PE,
)
from .model import (
    Cloud,
    Direction,
    HostRequirement,
    Protocol,
    Scenario,
    SeedRef,
    ServiceTagRequirement,
    ports,
)

S = Scenario
OUT, IN = Direction.OUTBOUND, Direction.INBOUND
TCP, UDP, ANY = Protocol.TCP, Protocol.UDP, Protocol.ANY
P, G, C = Cloud.PUBLIC, Cloud.USGOV, Cloud.CHINA
ALL_CLOUDS = frozenset(Cloud)


def _seed(seed: str, row: str, section: str | None = None) -> SeedRef:
    """The seed row, and the Learn section (`learn.SECTIONS` key) that prints the same fact in English.

    `section` is optional only so that a row added without one fails `tests/catalog/test_learn.py`
    by name instead of breaking the import; every row here has one.
    """
    return SeedRef(seed, row, cite(seed, section) if section else None)


def _tag(tag: str, protocol: Protocol, port_list: tuple[str | int, ...], purpose: str, scenario: Scenario, source: SeedRef, *,
         direction: Direction = OUT, regional: bool = False, clouds: Iterable[Cloud] = ALL_CLOUDS) -> ServiceTagRequirement:
    return ServiceTagRequirement(
        tag=tag,
        protocol=protocol,
        ports=ports(*port_list),
        direction=direction,
        purpose=purpose,
        scenario=scenario,
        source=source,
        regional=regional,
        clouds=frozenset(clouds),
    )


SERVICE_TAGS: tuple[ServiceTagRequirement, ...] = (
    # --- compute without public IP: seed 000 outbound table; seed 003 "训练模型所需的公共 Internet 访问权限"
    _tag("AzureActiveDirectory", TCP, (80, 443), "Authentication with Microsoft Entra ID.", S.COMPUTE,
         _seed("000", "outbound table: AzureActiveDirectory 80, 443", "basic-outbound")),
    _tag("AzureMachineLearning", TCP, (443, 8787, 18881), "Azure Machine Learning services; 8787 RStudio and 18881 language server on compute instances.", S.COMPUTE,
         _seed("000", "outbound table: AzureMachineLearning 443, 8787, 18881", "basic-outbound")),
    _tag("AzureMachineLearning", UDP, (5831,), "Creating, updating and deleting compute instances.", S.COMPUTE,
         _seed("000", "outbound table: AzureMachineLearning UDP 5831 (seed 003: required since GA)", "basic-outbound")),
    # seed 000 prints `BatchNodeManagement.<region>` with the example `BatchNodeManagement.uswest`;
    # Azure's regional tag is `BatchNodeManagement.WestUS`. Seed 003 gives protocol ANY.
    _tag("BatchNodeManagement", ANY, (443,), "Communication with Azure Batch, which backs compute instances and clusters.", S.COMPUTE,
         _seed("003", "no-public-IP table: BatchNodeManagement.<region> ANY 443", "no-public-ip"), regional=True),
    _tag("AzureResourceManager", TCP, (443,), "Creating Azure resources with Azure Machine Learning.", S.COMPUTE,
         _seed("000", "outbound table: AzureResourceManager 443", "basic-outbound")),
    _tag("Storage", TCP, (443,), "Storage accounts used by Azure Batch for compute instances and clusters.", S.COMPUTE,
         _seed("000", "outbound table: Storage.<region> 443", "basic-outbound"), regional=True),
    # seed 000 prints `AzureFrontDoor.FrontEnd`; Azure's tag is `AzureFrontDoor.Frontend`. Not in Azure China.
    _tag("AzureFrontDoor.Frontend", TCP, (443,), "Global entry point of Azure Machine Learning studio; images and environments for AutoML.", S.COMPUTE,
         _seed("000", "outbound table: AzureFrontDoor.FrontEnd 443 (not required in Azure operated by 21Vianet)", "basic-outbound"), clouds=(P, G)),
    _tag("MicrosoftContainerRegistry", TCP, (443,), "Docker images provided by Microsoft (always required, seed 000 tip).", S.COMPUTE,
         _seed("000", "outbound table: MicrosoftContainerRegistry 443; recommended table: MicrosoftContainerRegistry", "basic-outbound")),
    # seed 000 prints `Frontdoor.FirstParty`; Azure's tag is `AzureFrontDoor.FirstParty`. Azure Public only:
    # Microsoft's published files for AzureGovernment (change 402) and China (change 405) hold no such tag
    # (see `published_tags.SOURCES`), and seed 003 (China) lists only `MicrosoftContainerRegistry` for
    # Microsoft's images. There the MCR content-delivery host `*.data.mcr.microsoft.com` (row below) has no
    # tag and is allowed by an FQDN application rule on the firewall instead.
    _tag("AzureFrontDoor.FirstParty", TCP, (443,), "Docker images provided by Microsoft (MCR content delivery).", S.COMPUTE,
         _seed("000", "outbound table: Frontdoor.FirstParty 443; recommended table: AzureFrontDoor.FirstParty", "basic-outbound"), clouds=(P,)),
    _tag("VirtualNetwork", TCP, (443,), "Private endpoints in the virtual network or a peered virtual network.", S.COMPUTE,
         _seed("000", "outbound table: VirtualNetwork 443", "basic-outbound")),
    _tag("VirtualNetwork", TCP, (445,), "SMB between compute and the default storage account's private endpoint.", S.COMPUTE,
         _seed("003", "limits: port 445 must be open between compute and the default storage account", "limitations")),
    # --- Azure Monitor without a private link scope
    _tag("AzureMonitor", TCP, (443,), "Monitoring, metrics and support diagnostics in Azure Monitor.", S.AZURE_MONITOR,
         _seed("000", "outbound table: AzureMonitor 443 (only if Azure Monitor is not secured for the workspace)", "basic-outbound")),
    # --- firewall between Azure Machine Learning and Azure Storage endpoints
    _tag("Storage", TCP, (445,), "SMB to Azure Files through the storage public endpoint.", S.STORAGE_FIREWALL,
         _seed("000", "scenario firewall between AML and Azure Storage: Storage.<region> port 445", "storage-firewall"), regional=True),
    # --- hbi_workspace: seed 000 and seed 001 print `Keyvault.<region>`; the tag is `AzureKeyVault.<Region>`.
    _tag("AzureKeyVault", TCP, (443,), "Key Vault of the back-end Azure Batch service (hbi_workspace).", S.HBI,
         _seed("000", "scenario hbi_workspace: Keyvault.<region>; seed 001: Keyvault.region", "hbi"), regional=True),
    # --- VS Code: seed 000 gives the ports only, no destination; the connection goes through the
    # Azure Machine Learning service, so the narrowest tag that can carry it is used.
    _tag("AzureMachineLearning", TCP, ("8704-8710",), "VS Code server ports; the server picks the first free port in the range.", S.VSCODE,
         _seed("000", "scenario Visual Studio Code, ports: 8704-8710", "vscode-ports")),
    # --- compute with public IP: inbound control traffic
    _tag("AzureMachineLearning", TCP, (44224,), "Inbound to compute instances and clusters that have a public IP.", S.PUBLIC_IP_COMPUTE,
         _seed("000", "inbound table: AzureMachineLearning any -> VirtualNetwork 44224", "basic-inbound"), direction=IN),
    _tag("BatchNodeManagement", TCP, ("29876-29877",), "Inbound from Azure Batch management to compute with a public IP.", S.PUBLIC_IP_COMPUTE,
         _seed("001", "compute instance and cluster: inbound from Azure Batch management on 29876-29877", "compute"), direction=IN, regional=True),
    # --- AKS inference cluster (seed 004). Seed 004 prints `AzureContainerRegistry.RegionNam` ('{RegionName}');
    # the regional tag is `AzureContainerRegistry.<Region>` (EastUS2, ChinaNorth3, USGovVirginia).
    _tag("AzureContainerRegistry", TCP, (443,), "Azure Container Registry of the region: model and system images for AKS inference.",
         S.AKS_INFERENCE,
         _seed("004", "restrict outbound: allow AzureContainerRegistry.RegionNam (typo for AzureContainerRegistry.<Region>)", "limit-outbound"),
         regional=True),
    # seed 000, recommended configuration: MCR and AzureFrontDoor.FirstParty "also set up the Azure Machine
    # Learning router for AKS" (azureml-fe); AKS pulls its system images from MCR (Learn: "Outbound network
    # and FQDN rules for AKS clusters", https://learn.microsoft.com/azure/aks/outbound-rules-control-egress,
    # Azure Global required FQDN / application rules: mcr.microsoft.com, *.data.mcr.microsoft.com).
    _tag("MicrosoftContainerRegistry", TCP, (443,), "MCR: AKS system images and the Azure Machine Learning inference router.",
         S.AKS_INFERENCE,
         _seed("000", "recommended table: MicrosoftContainerRegistry 443 (sets up the AML router for AKS)", "recommended-outbound")),
    _tag("AzureFrontDoor.FirstParty", TCP, (443,), "MCR content delivery for AKS system images and the inference router.", S.AKS_INFERENCE,
         _seed("000", "recommended table: AzureFrontDoor.FirstParty 443 (sets up the AML router for AKS)", "recommended-outbound"), clouds=(P,)),
    # AKS required FQDNs login.microsoftonline.com and management.azure.com (Learn, same page): the tags that carry them.
    _tag("AzureActiveDirectory", TCP, (443,), "Microsoft Entra authentication of the AKS nodes and the extension.", S.AKS_INFERENCE,
         _seed("004", "AKS in the VNet: AKS required egress login.microsoftonline.com (Learn: outbound-rules-control-egress)", "aks-required")),
    _tag("AzureResourceManager", TCP, (443,), "Kubernetes operations against the Azure API (AKS nodes).", S.AKS_INFERENCE,
         _seed("004", "AKS in the VNet: AKS required egress management.azure.com (Learn: outbound-rules-control-egress)", "aks-required")),
    # seed 004 limits: the workspace and its storage, key vault and registry have private endpoints in the AKS VNet.
    _tag("VirtualNetwork", TCP, (443,), "Private endpoints of the workspace, storage, key vault and registry in the AKS cluster's VNet.",
         S.AKS_INFERENCE, _seed("004", "limits: workspace, storage, key vault, ACR need private endpoints in the AKS cluster's VNet", "limitations-aks")),
)


_Hosts = str | tuple[str, ...] | list[str] | None


def _h(public: _Hosts = None, usgov: _Hosts = None, china: _Hosts = None) -> dict[Cloud, tuple[str, ...]]:
    out: dict[Cloud, tuple[str, ...]] = {}
    for cloud, hosts in ((P, public), (G, usgov), (C, china)):
        if hosts:
            out[cloud] = tuple(hosts) if isinstance(hosts, (tuple, list)) else (hosts,)
    return out


def _same(*hosts: str) -> dict[Cloud, tuple[str, ...]]:
    return {P: hosts, G: hosts, C: hosts}


def _host(hosts: dict[Cloud, tuple[str, ...]], protocol: Protocol, port_list: tuple[str | int, ...], purpose: str, scenario: Scenario,
          source: SeedRef, covered_by: str | None = None, kubernetes_use: Iterable[str] = ()) -> HostRequirement:
    return HostRequirement(
        hosts=hosts,
        protocol=protocol,
        ports=ports(*port_list),
        purpose=purpose,
        scenario=scenario,
        source=source,
        covered_by=covered_by,
        kubernetes_use=tuple(kubernetes_use),
    )


# US Government and China host names come from the same page's Azure Government and
# Azure China tables; China compute rows follow seed 003's no-public-IP FQDN table.
HOSTS: tuple[HostRequirement, ...] = (
    # --- general Azure hosts (seed 000)
    _host(_h("login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn"), TCP, (80, 443),
          "Microsoft Entra ID", S.COMPUTE, _seed("000", "general Azure hosts: Microsoft Entra ID", "hosts-general"), "AzureActiveDirectory"),
    _host(_h("management.azure.com", "management.usgovcloudapi.net", "management.chinacloudapi.cn"), TCP, (443,),
          "Azure portal and Azure Resource Manager", S.COMPUTE, _seed("000", "general Azure hosts: Azure portal, Azure Resource Manager", "hosts-general"), "AzureResourceManager"),
    # --- Azure Machine Learning hosts (seed 000)
    _host(_h("ml.azure.com", "ml.azure.us", "studio.ml.azure.cn"), TCP, (443,),
          "Azure Machine Learning studio", S.STUDIO, _seed("000", "AML hosts: studio ml.azure.com", "hosts-aml"), "AzureFrontDoor.Frontend"),
    _host(_h("*.azureml.ms", "*.ml.azure.us", "*.ml.azure.cn"), TCP, (443,),
          "API", S.STUDIO, _seed("000", "AML hosts: API *.azureml.ms", "hosts-aml"), "AzureMachineLearning"),
    _host(_h("*.azureml.net"), TCP, (443,), "API", S.STUDIO, _seed("000", "AML hosts: API *.azureml.net", "hosts-aml"), "AzureMachineLearning"),
    _host(_h("*.modelmanagement.azureml.net"), TCP, (443,), "Model management", S.STUDIO,
          _seed("000", "AML hosts: model management *.modelmanagement.azureml.net", "hosts-aml"), "AzureMachineLearning"),
    _host(_h("*.notebooks.azure.net", "*.notebooks.usgovcloudapi.net", "*.notebooks.chinacloudapi.cn"), TCP, (443,),
          "Integrated notebooks", S.STUDIO, _seed("000", "AML hosts: integrated notebook *.notebooks.azure.net", "hosts-aml"), PE),
    _host(_h("<storage>.file.core.windows.net", "<storage>.file.core.usgovcloudapi.net", "<storage>.file.core.chinacloudapi.cn"), TCP, (443, 445),
          "Integrated notebooks (workspace file share)", S.STUDIO, _seed("000", "AML hosts: integrated notebook <storage>.file.core.windows.net 443, 445", "hosts-aml"), PE),
    _host(_h("<storage>.dfs.core.windows.net", "<storage>.dfs.core.usgovcloudapi.net", "<storage>.dfs.core.chinacloudapi.cn"), TCP, (443,),
          "Integrated notebooks", S.STUDIO, _seed("000", "AML hosts: integrated notebook <storage>.dfs.core.windows.net", "hosts-aml"), PE),
    _host(_h("<storage>.blob.core.windows.net", "<storage>.blob.core.usgovcloudapi.net", "<storage>.blob.core.chinacloudapi.cn"), TCP, (443,),
          "Integrated notebooks", S.STUDIO, _seed("000", "AML hosts: integrated notebook <storage>.blob.core.windows.net", "hosts-aml"), PE),
    _host(_h("graph.microsoft.com", "graph.microsoft.us", "graph.chinacloudapi.cn"), TCP, (443,),
          "Integrated notebooks (Microsoft Graph)", S.STUDIO, _seed("000", "AML hosts: integrated notebook graph.microsoft.com", "hosts-aml")),
    # aznbcontent.net is a public zone forwarded to the workspace private endpoint's zones.
    _host(_same("*.aznbcontent.net"), TCP, (443,), "Integrated notebooks content", S.STUDIO,
          _seed("000", "AML hosts: integrated notebook *.aznbcontent.net", "hosts-aml"), PE),
    _host(_h("automlresources-prod.azureedge.net"), TCP, (443,), "AutoML NLP and vision", S.AUTOML_NLP_VISION,
          _seed("000", "AML hosts: AutoML NLP, Vision automlresources-prod.azureedge.net (Azure Public only)", "hosts-aml")),
    _host(_h("aka.ms"), TCP, (443,), "AutoML NLP and vision", S.AUTOML_NLP_VISION,
          _seed("000", "AML hosts: AutoML NLP, Vision aka.ms (Azure Public only)", "hosts-aml")),
    # --- compute instance and cluster hosts (seed 000; China from seed 003)
    _host(_h("graph.windows.net", "graph.windows.net", "microsoftgraph.chinacloudapi.cn"), TCP, (443,),
          "Compute cluster and instance (Graph API)", S.COMPUTE,
          _seed("000", "compute hosts: graph.windows.net; seed 003: microsoftgraph.chinacloudapi.cn", "hosts-compute")),
    _host(_h("*.instances.azureml.net", "*.instances.azureml.us"), TCP, (443,),
          "Compute instance", S.COMPUTE, _seed("000", "compute hosts: *.instances.azureml.net 443", "hosts-compute"), "AzureMachineLearning"),
    _host(_h("*.instances.azureml.ms", None, "*.instances.ml.azure.cn"), TCP, (443, 8787, 18881),
          "Compute instance (websocket, RStudio, language server)", S.COMPUTE,
          _seed("000", "compute hosts: *.instances.azureml.ms 443, 8787, 18881; seed 003: *.instances.ml.azure.cn", "hosts-compute"), "AzureMachineLearning"),
    _host(_h("<region>.tundra.azureml.ms", None, "<region>.tundra.ml.azure.cn"), UDP, (5831,),
          "Compute instance management", S.COMPUTE,
          _seed("000", "compute hosts: <region>.tundra.azureml.ms UDP 5831; seed 003: <region>.tundra.ml.azure.cn", "hosts-compute"), "AzureMachineLearning"),
    _host(_h("*.<region>.batch.azure.com", "*.<region>.batch.usgovcloudapi.net", "*.<region>.batch.chinacloudapi.cn"), ANY, (443,),
          "Azure Batch", S.COMPUTE,
          _seed("000", "compute hosts: *.<region>.batch.azure.com ANY 443; seed 003: *.<region>.batch.chinacloudapi.cn", "hosts-compute"), "BatchNodeManagement"),
    _host(_h("*.<region>.service.batch.azure.com", "*.<region>.service.batch.usgovcloudapi.net", "*.<region>.service.batch.chinacloudapi.cn"), ANY, (443,),
          "Azure Batch", S.COMPUTE,
          _seed("000", "compute hosts: *.<region>.service.batch.azure.com ANY 443; seed 003: *.<region>.service.batch.chinacloudapi.cn", "hosts-compute"), "BatchNodeManagement"),
    _host(_h("*.blob.core.windows.net", "*.blob.core.usgovcloudapi.net", "*.blob.core.chinacloudapi.cn"), TCP, (443,),
          "Microsoft storage access", S.COMPUTE, _seed("000", "compute hosts: Microsoft storage *.blob.core.windows.net", "hosts-compute"), "Storage"),
    _host(_h("*.table.core.windows.net", "*.table.core.usgovcloudapi.net", "*.table.core.chinacloudapi.cn"), TCP, (443,),
          "Microsoft storage access", S.COMPUTE, _seed("000", "compute hosts: Microsoft storage *.table.core.windows.net", "hosts-compute"), "Storage"),
    _host(_h("*.queue.core.windows.net", "*.queue.core.usgovcloudapi.net", "*.queue.core.chinacloudapi.cn"), TCP, (443,),
          "Microsoft storage access", S.COMPUTE, _seed("000", "compute hosts: Microsoft storage *.queue.core.windows.net", "hosts-compute"), "Storage"),
    _host(_h("<storage>.file.core.windows.net", "<storage>.file.core.usgovcloudapi.net", "<storage>.file.core.chinacloudapi.cn"), TCP, (443, 445),
          "Storage account", S.COMPUTE, _seed("000", "compute hosts: storage account <storage>.file.core.windows.net 443, 445", "hosts-compute"), PE),
    _host(_h("<storage>.blob.core.windows.net", "<storage>.blob.core.usgovcloudapi.net", "<storage>.blob.core.chinacloudapi.cn"), TCP, (443,),
          "Storage account", S.COMPUTE, _seed("000", "compute hosts: storage account <storage>.blob.core.windows.net", "hosts-compute"), PE),
    _host(_h("*.vault.azure.net", "*.vault.usgovcloudapi.net", "*.vault.azure.cn"), TCP, (443,),
          "Azure Key Vault (hbi_workspace only)", S.HBI, _seed("000", "compute hosts: Azure Key Vault *.vault.azure.net (hbi only)", "hosts-compute"), "AzureKeyVault"),
    # --- Docker images maintained by Azure Machine Learning: MCR is always required (seed 000 tip)
    _host(_same("mcr.microsoft.com"), TCP, (443,), "Microsoft Container Registry", S.COMPUTE,
          _seed("000", "Docker images: mcr.microsoft.com", "hosts-docker"), "MicrosoftContainerRegistry"),
    _host(_same("*.data.mcr.microsoft.com"), TCP, (443,), "Microsoft Container Registry content delivery", S.COMPUTE,
          _seed("000", "Docker images: *.data.mcr.microsoft.com", "hosts-docker"), "AzureFrontDoor.FirstParty"),
    _host(_same("viennaglobal.azurecr.io"), TCP, (443,), "Geo-replicated registry of Azure Machine Learning images", S.MICROSOFT_IMAGES,
          _seed("001", "Docker images managed by Azure ML: viennaglobal.azurecr.io", "docker-images")),
    # --- monitoring without a private link scope (seed 000); Azure Public host names
    _host(_h(("dc.applicationinsights.azure.com", "dc.applicationinsights.microsoft.com", "dc.services.visualstudio.com", "*.in.applicationinsights.azure.com")),
          TCP, (443,), "Monitoring, metrics and diagnostics", S.AZURE_MONITOR,
          _seed("000", "monitoring, metrics and diagnostics hosts", "hosts-monitoring"), "AzureMonitor"),
    # --- Python package hosts (seed 000 recommended configuration; seed 003 table)
    _host(_same("anaconda.com", "*.anaconda.com"), TCP, (443,), "Installing default packages", S.PYTHON_PACKAGES,
          _seed("000", "Python hosts: anaconda.com, *.anaconda.com", "recommended-python")),
    _host(_same("*.anaconda.org"), TCP, (443,), "Repository data", S.PYTHON_PACKAGES, _seed("000", "Python hosts: *.anaconda.org", "recommended-python")),
    # pip downloads package files from files.pythonhosted.org: without it pypi.org alone fails.
    _host(_same("pypi.org", "*.pythonhosted.org"), TCP, (443,), "Python package index and package files", S.PYTHON_PACKAGES,
          _seed("000", "Python hosts: pypi.org (and *.pythonhosted.org)", "recommended-python")),
    _host(_same("pytorch.org", "*.pytorch.org"), TCP, (443,), "PyTorch examples", S.PYTHON_PACKAGES,
          _seed("000", "Python hosts: pytorch.org, *.pytorch.org", "recommended-python")),
    _host(_same("*.tensorflow.org"), TCP, (443,), "TensorFlow examples", S.PYTHON_PACKAGES, _seed("000", "Python hosts: *.tensorflow.org", "recommended-python")),
    # --- R
    _host(_same("cloud.r-project.org"), TCP, (443,), "CRAN packages", S.R_PACKAGES, _seed("000", "RStudio scenario: cloud.r-project.org", "rstudio")),
    _host(_same("ghcr.io", "pkg-containers.githubusercontent.com"), TCP, (443,), "RStudio Docker image (rule AllowRStudioInstall, Https:443)",
          S.RSTUDIO, _seed("000", "RStudio scenario: AllowRStudioInstall ghcr.io, pkg-containers.githubusercontent.com", "rstudio")),
    # --- VS Code hosts (seed 000; seed 003 uses vscode.blob.core.chinacloudapi.cn and raw.githubusercontent.com)
    _host(_same("*.vscode.dev", "*.vscode-unpkg.net", "*.vscode-cdn.net", "*.vscodeexperiments.azureedge.net", "default.exp-tas.com"),
          TCP, (443,), "vscode.dev (VS Code for the Web)", S.VSCODE, _seed("000", "VS Code hosts: vscode.dev", "vscode-hosts")),
    _host(_same("code.visualstudio.com"), TCP, (443,), "Download VS Code desktop", S.VSCODE, _seed("000", "VS Code hosts: code.visualstudio.com", "vscode-hosts")),
    _host(_same("update.code.visualstudio.com", "*.vo.msecnd.net"), TCP, (443,), "VS Code server bits on the compute instance", S.VSCODE,
          _seed("000", "VS Code hosts: update.code.visualstudio.com, *.vo.msecnd.net", "vscode-hosts")),
    _host(_h(("marketplace.visualstudio.com", "vscode.blob.core.windows.net", "*.gallerycdn.vsassets.io"),
             ("marketplace.visualstudio.com", "vscode.blob.core.windows.net", "*.gallerycdn.vsassets.io"),
             ("marketplace.visualstudio.com", "vscode.blob.core.chinacloudapi.cn", "*.gallerycdn.vsassets.io")),
          TCP, (443,), "VS Code extensions", S.VSCODE, _seed("000", "VS Code hosts: marketplace, vscode.blob, gallerycdn", "vscode-hosts")),
    _host(_same("github.com", "raw.githubusercontent.com"), TCP, (443,), "WebSocket server bits (vscode-tools-for-ai)", S.VSCODE,
          _seed("000", "VS Code hosts: github.com/microsoft/vscode-tools-for-ai/...; seed 003: raw.githubusercontent.com/...", "vscode-hosts")),
    _host(_same("vscode.download.prss.microsoft.com"), TCP, (443,), "VS Code download CDN", S.VSCODE,
          _seed("000", "VS Code hosts: vscode.download.prss.microsoft.com", "vscode-hosts")),
    # --- Kubernetes compute (seed 000 table: training / inference columns). The seed prints Azure
    # Public names; US Gov and China rows use each cloud's documented storage, registry and API
    # suffixes (<region>.experiments.azureml.net has no documented sovereign equivalent).
    _host(_h(("*.kusto.windows.net", "*.table.core.windows.net", "*.queue.core.windows.net"),
             ("*.kusto.usgovcloudapi.net", "*.table.core.usgovcloudapi.net", "*.queue.core.usgovcloudapi.net"),
             ("*.kusto.chinacloudapi.cn", "*.table.core.chinacloudapi.cn", "*.queue.core.chinacloudapi.cn")), TCP, (443,),
          "Upload system logs to Kusto. Trade-off: only these wildcards are published, and *.table/*.queue reach the table and "
          "queue service of any storage account, not only Microsoft's", S.KUBERNETES,
          _seed("000", "Kubernetes: *.kusto.windows.net, *.table, *.queue", "kubernetes"),
          kubernetes_use=("training", "inference")),
    _host(_h(("<acr>.azurecr.io", "<acr>.<region>.data.azurecr.io"), ("<acr>.azurecr.us", "<acr>.<region>.data.azurecr.us"),
             ("<acr>.azurecr.cn", "<acr>.<region>.data.azurecr.cn")), TCP, (443,),
          "Azure Container Registry for workload images", S.KUBERNETES, _seed("000", "Kubernetes: <your ACR name>.azurecr.io", "kubernetes"),
          "AzureContainerRegistry", kubernetes_use=("training", "inference")),
    _host(_h("<storage>.blob.core.windows.net", "<storage>.blob.core.usgovcloudapi.net", "<storage>.blob.core.chinacloudapi.cn"), TCP, (443,),
          "Project scripts, data, models, job logs", S.KUBERNETES,
          _seed("000", "Kubernetes: <your storage account name>.blob.core.windows.net", "kubernetes"), PE, kubernetes_use=("training", "inference")),
    _host(_h(("<workspace id>.workspace.<region>.api.azureml.ms", "<region>.experiments.azureml.net", "<region>.api.azureml.ms"),
             ("<workspace id>.workspace.<region>.api.ml.azure.us", "<region>.api.ml.azure.us"),
             ("<workspace id>.workspace.<region>.api.ml.azure.cn", "<region>.api.ml.azure.cn")), TCP, (443,),
          "Azure Machine Learning service API", S.KUBERNETES, _seed("000", "Kubernetes: <workspace ID>.workspace.<region>.api.azureml.ms", "kubernetes"),
          kubernetes_use=("training", "inference")),
    _host(_same("pypi.org"), TCP, (443,), "pip packages for the training job environment", S.KUBERNETES,
          _seed("000", "Kubernetes: pypi.org (training only)", "kubernetes"), kubernetes_use=("training",)),
    _host(_same("archive.ubuntu.com", "security.ubuntu.com", "ppa.launchpad.net"), TCP, (80,), "Security patches", S.KUBERNETES,
          _seed("000", "Kubernetes: archive.ubuntu.com, security.ubuntu.com, ppa.launchpad.net port 80 (training only)", "kubernetes"),
          kubernetes_use=("training",)),
    # --- AKS inference cluster: what AKS itself needs (seed 004 "follow the AKS advanced networking prerequisites";
    # Learn: "Outbound network and FQDN rules for AKS clusters", https://learn.microsoft.com/azure/aks/outbound-rules-control-egress,
    # required FQDN / application rules per cloud, and "Cluster extensions"). The cluster is private, so
    # `*.hcp.<region>.azmk8s.io` and the tunnel ports 1194/9000 are not needed ("This isn't required for private clusters").
    _host(_same("mcr.microsoft.com"), TCP, (443,), "AKS system images (MCR)", S.AKS_INFERENCE,
          _seed("004", "AKS required FQDN: mcr.microsoft.com (Learn: outbound-rules-control-egress)", "aks-required"), "MicrosoftContainerRegistry"),
    _host(_same("*.data.mcr.microsoft.com"), TCP, (443,), "MCR content delivery", S.AKS_INFERENCE,
          _seed("004", "AKS required FQDN: *.data.mcr.microsoft.com (Learn: outbound-rules-control-egress)", "aks-required"), "AzureFrontDoor.FirstParty"),
    _host(_h("mcr-0001.mcr-msedge.net"), TCP, (443,), "MCR content delivery", S.AKS_INFERENCE,
          _seed("004", "AKS required FQDN: mcr-0001.mcr-msedge.net (Learn: outbound-rules-control-egress, Azure Global)", "aks-required-fqdn-public")),
    _host(_h("management.azure.com", "management.usgovcloudapi.net", "management.chinacloudapi.cn"), TCP, (443,),
          "Kubernetes operations against the Azure API", S.AKS_INFERENCE,
          _seed("004", "AKS required FQDN: management.<cloud> (Learn: outbound-rules-control-egress)", "aks-required"), "AzureResourceManager"),
    _host(_h("login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn"), TCP, (443,),
          "Microsoft Entra authentication", S.AKS_INFERENCE,
          _seed("004", "AKS required FQDN: login.<cloud> (Learn: outbound-rules-control-egress)", "aks-required"), "AzureActiveDirectory"),
    _host(_same("packages.microsoft.com"), TCP, (443,), "Microsoft packages repository (cached apt-get)", S.AKS_INFERENCE,
          _seed("004", "AKS required FQDN: packages.microsoft.com (Learn: outbound-rules-control-egress)", "aks-required")),
    _host(_h("acs-mirror.azureedge.net", "acs-mirror.azureedge.net", "*.azk8s.cn"), TCP, (443,), "Kubernetes and Azure CNI binaries",
          S.AKS_INFERENCE,
          _seed("004", "AKS required FQDN: acs-mirror.azureedge.net; 21Vianet: *.azk8s.cn (Learn: outbound-rules-control-egress)", "aks-required")),
    # the node bootstrap checks https://packages.aks.azure.com/acs-mirror/healthz before provisioning (Azure/AgentBaker,
    # parts/linux/cloud-init/artifacts/cse_helpers.sh, resolve_packages_source_url): the successor of acs-mirror.
    # Learn's Azure Global and Azure US Government tables list packages.aks.azure.com ("will be replacing acs-mirror"); 21Vianet's does not.
    _host(_h("packages.aks.azure.com", "packages.aks.azure.com"), TCP, (443,), "Kubernetes and Azure CNI binaries (successor of acs-mirror)",
          S.AKS_INFERENCE,
          _seed("004", "AKS required FQDN: packages.aks.azure.com, Azure Global and US Government (Learn: outbound-rules-control-egress; "
                "node bootstrap: Azure/AgentBaker cse_helpers.sh)", "aks-bootstrap")),
    # 21Vianet: MCR's China cache (Learn, same page, "Microsoft Azure operated by 21Vianet required FQDN / application rules").
    _host(_h(china=("mcr.azure.cn", "*.data.mcr.azure.cn")), TCP, (443,), "MCR cache in Azure operated by 21Vianet", S.AKS_INFERENCE,
          _seed("004", "AKS required FQDN, 21Vianet: mcr.azure.cn, *.data.mcr.azure.cn (Learn: outbound-rules-control-egress)",
                "aks-required-fqdn-china")),
    # NTP: required in Azure US Government and 21Vianet; in Azure Global "not required for nodes provisioned after March 2021"
    # (Learn, same page, the three "required network rules" tables: `*:123` or `ntp.ubuntu.com:123` with Azure Firewall network rules).
    _host(_h(usgov="ntp.ubuntu.com", china="ntp.ubuntu.com"), UDP, (123,), "NTP time synchronization of the Linux nodes", S.AKS_INFERENCE,
          _seed("004", "AKS required network rule, US Government and 21Vianet: ntp.ubuntu.com UDP 123 (Learn: outbound-rules-control-egress)",
                "aks-ntp")),
    _host(_h("<region>.dp.kubernetesconfiguration.azure.com", "<region>.dp.kubernetesconfiguration.azure.us"), TCP, (443,),
          "Cluster extensions service (the Azure Machine Learning extension's configuration and status)", S.AKS_INFERENCE,
          _seed("004", "AKS cluster extensions: <region>.dp.kubernetesconfiguration.azure.com (Learn: outbound-rules-control-egress)", "aks-cluster-extensions")),
)
