"""Where on Microsoft Learn each catalog fact can be read: the pages the seeds translate, the English
section headings read in each page's source, and one table from (seed, section key) to a `LearnRef`.

A seed (`shared/seeds/<seed>_*.txt`) is a translation of a Learn page; a catalog row cites its seed row
and, through `cite(seed, key)`, the section of the English page that prints the same fact. Nothing
here is guessed: every heading in `HEADINGS` was read in the page's Markdown source (repository, path
and commit in `PAGES`), and every anchor is either derived from such a heading by `anchor_of` or is an
explicit `<a id>`/`<a name>` printed in the source. `tests/catalog/test_learn.py` checks both.

Example::

    >>> ref = cite("000", "basic-outbound")
    >>> ref.url
    'https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall#basic-configuration'
    >>> ref.section, ref.part
    ('Basic configuration', 'Outbound traffic')
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import LearnRef


@dataclass(frozen=True)
class LearnPage:
    """A Microsoft Learn page and the Markdown source its headings were read from.

    `url` has no query and no fragment. `source` is `owner/repo:path@commit` of the English source
    (MicrosoftDocs repositories, as stored by the search index). `seeds` are the seed files that translate
    it; `linked_from` the seeds that send the reader to it (a page no seed translates); `edition` is the
    URL of the translated edition a seed was taken from when it is not this page.
    """

    url: str
    title: str
    source: str
    seeds: tuple[str, ...] = ()
    linked_from: tuple[str, ...] = ()
    edition: str = ""


def anchor_of(heading: str) -> str:
    """The fragment Learn gives a heading: docfx's GitHub-style identifiers (markdig
    `AutoIdentifierOptions.GitHub`, docfx's default, see dotnet/docfx `AutoIdentifierTest_DocfxDefault`):
    lowercase; letters, digits, `-` and `_` kept; each space becomes `-`; everything else dropped.
    Markdown code spans count by their text. So "Azure Global required FQDN / application rules" becomes
    `azure-global-required-fqdn--application-rules` (the double hyphen is what Learn links use).

    >>> anchor_of("Scenario: Workspace created with the `hbi_workspace` flag enabled")
    'scenario-workspace-created-with-the-hbi_workspace-flag-enabled'
    """
    out = []
    for c in heading.replace("`", ""):
        if c.isalnum() or c in "-_":
            out.append(c.lower())
        elif c == " ":
            out.append("-")
    return "".join(out)


FIREWALL = LearnPage(
    "https://learn.microsoft.com/azure/machine-learning/how-to-access-azureml-behind-firewall",
    "Configure inbound and outbound network traffic",
    "MicrosoftDocs/azure-ai-docs:articles/machine-learning/how-to-access-azureml-behind-firewall.md"
    "@00bb5540c93f4bf3d1d78fe21e36c6dbc2930026",
    seeds=("000", "002"),
)
TRAFFIC_FLOW = LearnPage(
    "https://learn.microsoft.com/azure/machine-learning/concept-secure-network-traffic-flow",
    "Network traffic flow when using a secured workspace",
    "MicrosoftDocs/azure-ai-docs:articles/machine-learning/concept-secure-network-traffic-flow.md@0d852a97832dabe11d187d5fd5961568f3efd7ba",
    seeds=("001",),
)
TRAINING = LearnPage(
    "https://learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet",
    "Secure an Azure Machine Learning training environment with virtual networks",
    "MicrosoftDocs/azure-ai-docs:articles/machine-learning/how-to-secure-training-vnet.md@06fd8bc88853128ac9eab8a33464dae5f9b746d3",
    seeds=("003",),
    # Seed 003 is the Azure China edition. Its current source is not in the index, so its anchors are
    # not confirmed there; the global page has the same sections and the rows cited below.
    edition="https://docs.azure.cn/zh-cn/machine-learning/how-to-secure-training-vnet",
)
INFERENCING_V1 = LearnPage(
    "https://learn.microsoft.com/azure/machine-learning/v1/how-to-secure-inferencing-vnet",
    "Secure an Azure Machine Learning inferencing environment with virtual networks (v1)",
    "MicrosoftDocs/azure-ai-docs:articles/machine-learning/v1/how-to-secure-inferencing-vnet.md@0eea71caf55c6e7bdbfa9b0b3664288200817f6d",
    seeds=("004",),
)
AKS_EGRESS = LearnPage(
    "https://learn.microsoft.com/azure/aks/outbound-rules-control-egress",
    "Outbound network and FQDN rules for Azure Kubernetes Service (AKS) clusters",
    "MicrosoftDocs/azure-aks-docs:articles/aks/outbound-rules-control-egress.md@fb060abe6a8fef960d4c487b543bf7b1e97808fe",
    # seed 000, Kubernetes scenario: "AKS 확장 네트워크 요구 사항" (AKS extension network requirements)
    linked_from=("000",),
)
REGION_PAIRS = LearnPage(
    "https://learn.microsoft.com/azure/reliability/cross-region-replication-azure",
    "Cross-region replication in Azure",
    "MicrosoftDocs/azure-docs:articles/reliability/cross-region-replication-azure.md@00f4e57d1a725ed76b2be7a3e9b15c7644e62f34",
    # seed 000, public-IP compute: "보조 지역을 찾으려면 Azure의 지역 간 복제를 참조하세요"
    linked_from=("000",),
)

PAGES: tuple[LearnPage, ...] = (FIREWALL, TRAFFIC_FLOW, TRAINING, INFERENCING_V1, AKS_EGRESS, REGION_PAIRS)

HEADINGS: dict[str, dict[str, str]] = {
    # heading as printed in the page's source (`##`..`####`, Markdown removed but code-span text kept)
    # -> its explicit anchor when the source prints one before or in the heading, else "".
    FIREWALL.url: {
        "Common terms and information": "",
        "Basic configuration": "",
        "Recommended configuration for training and deploying models": "",
        "Scenario: Install RStudio on compute instance": "",
        "Scenario: Using compute cluster or compute instance with a public IP": "",
        "Scenario: Firewall between Azure Machine Learning and Azure Storage endpoints": "",
        "Scenario: Workspace created with the `hbi_workspace` flag enabled": "",
        "Scenario: Use Kubernetes compute": "",
        "In-cluster communication requirements": "",
        "Scenario: Visual Studio Code": "",
        "Hosts": "",
        "Ports": "",
        "Scenario: Third party firewall or Azure Firewall without service tags": "",
        "Dependencies API": "",
        "Microsoft hosts": "",
    },
    TRAFFIC_FLOW.url: {
        "Assumptions": "",
        "Inbound and outbound requirements": "",
        "Purposes of storage accounts": "",
        "Scenario: Access a workspace from the studio": "",
        "Scenario: Use AutoML, the designer, the dataset, and the datastore from the studio": "",
        "Scenario: Use a compute instance and a compute cluster": "",
        "Scenario: Use Azure Kubernetes Service": "",
        "Scenario: Use Docker images that Azure Machine Learning manages": "",
    },
    TRAINING.url: {
        "Prerequisites": "",
        "Limitations": "",
        "Compute cluster in a different VNet/region from workspace": "",
        "Scenario: VNet peering": "",
        "Scenario: Private endpoint": "",
        "Compute instance/cluster or serverless compute with no public IP": "",
        "Compute instance/cluster or serverless compute with public IP": "compute-instancecluster-with-public-ip",
        "Azure Databricks": "",
        "Virtual machine or HDInsight cluster": "",
        "Configure network ports": "",
        "Required public internet access to train models": "",
    },
    INFERENCING_V1.url: {
        "Prerequisites": "",
        "Limitations": "",
        # "Azure Kubernetes Service" is printed twice (a `###` under Limitations, then a `##`); the
        # second carries `<a id="aksvnet"></a>` and is cited by that id.
        "Azure Kubernetes Service": "aksvnet",
        "Network contributor role": "",
        "Secure VNet traffic": "",
        "Private AKS cluster": "",
        "Internal AKS load balancer": "",
        "Enable private load balancer": "",
        "Limit outbound connectivity from the virtual network": "",
    },
    AKS_EGRESS.url: {
        "Required outbound network rules and FQDNs for AKS clusters": "",
        "Azure Global required network rules": "",
        "Azure Global required FQDN / application rules": "",
        "Microsoft Azure operated by 21Vianet required FQDN / application rules": "",
        "Azure US Government required FQDN / application rules": "",
        "Azure US Government required network rules": "",
        "Optional recommended FQDN / application rules for AKS clusters": "",
        "Cluster extensions": "",
    },
    REGION_PAIRS.url: {
        "Cross-region replication": "",
        "Azure paired regions": "",
        "Regions with availability zones and no region pair": "",
    },
}


def _ref(page: LearnPage, heading: str, part: str = "", note: str = "") -> LearnRef:
    explicit = HEADINGS[page.url][heading]  # KeyError: a heading nobody read in the source
    return LearnRef(page=page.url, anchor=explicit or anchor_of(heading), section=heading.replace("`", ""), part=part, note=note)


_F, _T, _TR, _I = FIREWALL, TRAFFIC_FLOW, TRAINING, INFERENCING_V1
_HOSTS = "Microsoft hosts"
_RECOMMENDED = "Recommended configuration for training and deploying models"
_AKS_PREREQ = "AKS(Azure Kubernetes Service)에서 고급 네트워킹 구성의 필수 구성 요소"

_TABLE: tuple[tuple[str, str, str, LearnRef], ...] = (
    # (seed, section key, the section's title as the seed prints it, the English Learn section it maps to)
    # --- seed 000 (Korean) and 002 (Portuguese) = "Configure inbound and outbound network traffic"
    ("000", "basic-inbound", "인바운드 트래픽", _ref(_F, "Basic configuration", "Inbound traffic")),
    ("000", "basic-outbound", "아웃바운드 트래픽", _ref(_F, "Basic configuration", "Outbound traffic")),
    ("000", "recommended-outbound", "모델 학습 및 배포를 위한 권장 구성", _ref(_F, _RECOMMENDED, "Outbound traffic")),
    ("000", "recommended-python", "학습 및 배포를 위한 Python 패키지 설치를 허용하려면",
     _ref(_F, _RECOMMENDED, "To allow installation of Python packages for training and deployment")),
    ("000", "rstudio", "시나리오: 컴퓨팅 인스턴스에 RStudio 설치", _ref(_F, "Scenario: Install RStudio on compute instance")),
    ("000", "public-ip-compute", "시나리오: 공용 IP로 컴퓨팅 클러스터 또는 컴퓨팅 인스턴스 사용",
     _ref(_F, "Scenario: Using compute cluster or compute instance with a public IP")),
    ("000", "storage-firewall", "시나리오: Azure Machine Learning과 Azure Storage 엔드포인트 간의 방화벽",
     _ref(_F, "Scenario: Firewall between Azure Machine Learning and Azure Storage endpoints")),
    # the seed breaks this title over two lines: "시나리오: hbi_workspace" / "플래그가 사용하도록 설정된 상태로 만들어진 작업 영역"
    ("000", "hbi", "시나리오: hbi_workspace", _ref(_F, "Scenario: Workspace created with the `hbi_workspace` flag enabled")),
    ("000", "kubernetes", "시나리오: Kubernetes 컴퓨팅 사용", _ref(_F, "Scenario: Use Kubernetes compute")),
    ("000", "in-cluster", "클러스터 내 통신 요구 사항", _ref(_F, "In-cluster communication requirements")),
    # "시나리오: Visual Studio Code" has two subsections, "호스트" (Hosts) and "포트" (Ports)
    ("000", "vscode-hosts", "호스트", _ref(_F, "Hosts", "Scenario: Visual Studio Code")),
    ("000", "vscode-ports", "포트", _ref(_F, "Ports", "Scenario: Visual Studio Code")),
    ("000", "third-party-firewall", "시나리오: 서비스 태그가 없는 타사 방화벽 또는 Azure Firewall",
     _ref(_F, "Scenario: Third party firewall or Azure Firewall without service tags")),
    ("000", "dependencies-api", "종속성 API", _ref(_F, "Dependencies API")),
    # "Microsoft 호스트" (Microsoft hosts): its tables have bold captions, not headings; `part` names them
    ("000", "hosts-general", "일반 Azure 호스트", _ref(_F, _HOSTS, "General Azure hosts")),
    ("000", "hosts-aml", "Azure Machine Learning 호스트", _ref(_F, _HOSTS, "Azure Machine Learning hosts")),
    ("000", "hosts-compute", "Azure Machine Learning 컴퓨팅 인스턴스 및 컴퓨팅 클러스터 호스트",
     _ref(_F, _HOSTS, "Azure Machine Learning compute instance and compute cluster hosts")),
    ("000", "hosts-docker", "Azure Machine Learning에서 유지 관리하는 Docker 이미지",
     _ref(_F, _HOSTS, "Docker images maintained by Azure Machine Learning")),
    ("000", "hosts-monitoring", "모니터링, 메트릭 및 진단", _ref(_F, _HOSTS, "Monitoring, metrics, and diagnostics")),
    # the secondary region of public-IP compute: the page seed 000 links for it
    ("000", "region-pairs", "Azure의 지역 간 복제", _ref(REGION_PAIRS, "Azure paired regions", "Azure regional pairs")),
    # --- seed 001 (Korean, 2021 revision) = "Network traffic flow when using a secured workspace". The seed
    # prints its 2021 anchors (`<a name="scenario-use-compute-instance-and-compute-cluster">`,
    # `scenario-use-docker-images-managed-by-azure-ml`); the live page renamed both sections and is cited
    # by today's headings, whose anchors the live page itself links to.
    ("001", "requirements", "인바운드 및 아웃 바운드 요구 사항", _ref(_T, "Inbound and outbound requirements")),
    ("001", "compute", "시나리오: 계산 인스턴스 및 계산 클러스터 사용", _ref(_T, "Scenario: Use a compute instance and a compute cluster")),
    ("001", "docker-images", "시나리오: Azure ML에서 관리 하는 Docker 이미지 사용",
     _ref(_T, "Scenario: Use Docker images that Azure Machine Learning manages",
          note="The live revision says Microsoft Artifact Registry and no longer names viennaglobal.azurecr.io; "
               "the 2021 revision that seed 001 translates did.")),
    # --- seed 003 (Chinese, Azure China edition) = "Secure an Azure Machine Learning training environment with
    # virtual networks", cited on the global page (see TRAINING.edition)
    ("003", "limitations", "限制", _ref(_TR, "Limitations")),
    ("003", "no-public-ip", "没有公共 IP 的计算实例/群集或无服务器计算", _ref(_TR, "Compute instance/cluster or serverless compute with no public IP")),
    ("003", "public-ip", "有公共 IP 的计算实例/群集或无服务器计算", _ref(_TR, "Compute instance/cluster or serverless compute with public IP")),
    ("003", "vnet-peering", "方案:VNet 对等互连", _ref(_TR, "Scenario: VNet peering")),
    ("003", "private-endpoint", "方案:专用终结点", _ref(_TR, "Scenario: Private endpoint")),
    ("003", "configure-network-ports", "配置网络端口", _ref(_TR, "Configure network ports")),
    ("003", "required-public-internet", "训练模型所需的公共 Internet 访问权限", _ref(_TR, "Required public internet access to train models")),
    # --- seed 004 (Korean) = "Secure an Azure Machine Learning inferencing environment with virtual networks (v1)"
    ("004", "prerequisites", "필수 조건", _ref(_I, "Prerequisites")),
    ("004", "limitations-aci", "Azure Container Instances", _ref(_I, "Limitations", "Azure Container Instances")),
    ("004", "limitations-aks", "Azure Kubernetes Service", _ref(_I, "Limitations", "Azure Kubernetes Service")),
    ("004", "aks", "Azure Kubernetes Service", _ref(_I, "Azure Kubernetes Service")),
    ("004", "network-contributor", "네트워크 참가자 역할", _ref(_I, "Network contributor role")),
    ("004", "secure-vnet-traffic", "VNet 트래픽 보호", _ref(_I, "Secure VNet traffic")),
    ("004", "private-aks", "프라이빗 AKS 클러스터", _ref(_I, "Private AKS cluster")),
    ("004", "internal-lb", "내부 AKS 부하 분산 장치", _ref(_I, "Internal AKS load balancer")),
    ("004", "enable-private-lb", "개인 부하 분산 장치 사용", _ref(_I, "Enable private load balancer")),
    ("004", "limit-outbound", "가상 네트워크에서 아웃바운드 연결 제한", _ref(_I, "Limit outbound connectivity from the virtual network")),
    # seed 004's AKS section sends the reader to AKS's own prerequisites; rows whose values come from AKS's
    # egress page cite that page's sections
    ("004", "aks-required", _AKS_PREREQ, _ref(AKS_EGRESS, "Required outbound network rules and FQDNs for AKS clusters")),
    ("004", "aks-required-fqdn-public", _AKS_PREREQ, _ref(AKS_EGRESS, "Azure Global required FQDN / application rules")),
    ("004", "aks-required-fqdn-china", _AKS_PREREQ,
     _ref(AKS_EGRESS, "Microsoft Azure operated by 21Vianet required FQDN / application rules")),
    ("004", "aks-required-fqdn-usgov", _AKS_PREREQ, _ref(AKS_EGRESS, "Azure US Government required FQDN / application rules")),
    ("004", "aks-required-network", _AKS_PREREQ, _ref(AKS_EGRESS, "Azure Global required network rules")),
    ("004", "aks-cluster-extensions", _AKS_PREREQ, _ref(AKS_EGRESS, "Cluster extensions")),
    # packages.aks.azure.com: the live page lists it for Azure Global and US Government ("will be replacing
    # acs-mirror.azureedge.net"); the node bootstrap already probes it (Azure/AgentBaker cse_helpers.sh)
    ("004", "aks-bootstrap", _AKS_PREREQ,
     _ref(AKS_EGRESS, "Azure Global required FQDN / application rules",
          note="Also in \"Azure US Government required FQDN / application rules\"; not in 21Vianet's table.")),
    ("004", "aks-ntp", _AKS_PREREQ,
     _ref(AKS_EGRESS, "Azure US Government required network rules",
          note="And \"Microsoft Azure operated by 21Vianet required network rules\"; Azure Global: not required for nodes after March 2021.")),
)

SECTIONS: dict[tuple[str, str], LearnRef] = {(seed, key): ref for seed, key, _, ref in _TABLE}
"""(seed, section key) -> the Learn section that prints the seed section's facts in English."""

SEED_TITLES: dict[tuple[str, str], str] = {(seed, key): title for seed, key, title, _ in _TABLE}
"""(seed, section key) -> the section's title in the seed's language (a test finds each in its seed)."""


def cite(seed: str, key: str) -> LearnRef:
    """The Learn section for a seed's section key; a KeyError names the pair and the known keys."""
    try:
        return SECTIONS[(seed, key)]
    except KeyError:
        known = ", ".join(k for s, k in SECTIONS if s == seed)
        raise KeyError(f"no Learn section ({seed!r}, {key!r}); seed {seed} has: {known}") from None
