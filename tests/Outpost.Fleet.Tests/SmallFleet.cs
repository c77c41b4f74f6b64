namespace Outpost.Fleet.Tests;

/// <summary>A minimal but complete fleet (two regions, two distributions, three sites, two bundles) that tests vary.</summary>
internal static class SmallFleet
{
    public static Dictionary<string, string?> Files() => new()
    {
        ["fleet.yaml"] = """
            name: test-fleet
            vars:
              lis:
                host: lis.example.org
                port: 2575
                tls: true
              ntp: [pool.ntp.org]
              log_level: info
            """,
        ["schema.yaml"] = """
            fields:
              lis.host: { type: string, required: true }
              lis.port: { type: int, required: true, min: 1, max: 65535 }
              log_level: { type: string, allowed: [debug, info, warn, error] }
              instruments: { type: list }
              instruments[].id: { type: string, required: true, pattern: '^[a-z0-9-]+$' }
              instruments[].protocol: { type: string, required: true, allowed: [hl7, astm] }
            """,
        ["regions/eu-west.yaml"] = """
            description: Western Europe
            vars:
              ntp: [ntp1.eu-west.example, ntp2.eu-west.example]
              lis:
                port: 2600
            """,
        ["regions/eu-north.yaml"] = """
            vars:
              log_level: warn
            """,
        ["distributions/de-hospital.yaml"] = """
            vars:
              lis:
                host: lis.de.example
                tls: false
              locale: de_DE
            """,
        ["distributions/no-hospital.yaml"] = """
            vars:
              locale: nb_NO
              country: NO
            """,
        ["sites/ber-01.yaml"] = """
            region: eu-west
            distribution: de-hospital
            labels:
              tier: production
              role: lab-edge
            vars:
              lis:
                port: 4000
              instruments:
                - id: cobas-1
                  protocol: hl7
                - id: sysmex-1
                  protocol: astm
            """,
        ["sites/ber-02.yaml"] = """
            region: eu-west
            distribution: de-hospital
            labels:
              tier: staging
              role: lab-edge
            """,
        ["sites/osl-01.yaml"] = """
            region: eu-north
            distribution: no-hospital
            labels:
              tier: production
              role: reference-lab
            """,
        ["bundles/base/bundle.yaml"] = """
            description: files every site gets
            """,
        ["bundles/base/templates/site.txt.j2"] = "site static text\n",
        ["bundles/gateway/bundle.yaml"] = """
            selector: "role=lab-edge"
            files:
              instrument.conf.j2:
                path: "instruments/{{ item.id }}.conf"
                foreach: instruments
            """,
        ["bundles/gateway/templates/gateway.conf.j2"] = "gateway config\n",
        ["bundles/gateway/templates/instrument.conf.j2"] = "instrument\n",
        ["bundles/gateway/templates/_partial.j2"] = "never rendered alone\n",
    };
}
