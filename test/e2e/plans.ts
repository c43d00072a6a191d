/**
 * A plan with one mistake, live migration on Hyper-V 2008, written as a planner writes it (a
 * comment, objects on one line): the editor tests fix it, hover it and retarget it.
 */
export const LIVE_PLAN = `{
  // One mistake: live migration on the first Hyper-V.
  "name": "Editor test",
  "hosts": [
    {
      "name": "hv-01",
      "product": "hyperv-2008",
      "edition": "enterprise",
      "hardware": { "sockets": 2, "coresPerSocket": 4, "memoryGB": 64 }
    },
    {
      "name": "hv-02",
      "product": "hyperv-2008",
      "edition": "enterprise",
      "hardware": { "sockets": 2, "coresPerSocket": 4, "memoryGB": 64 }
    }
  ],
  "clusters": [{ "name": "cl-a", "nodes": ["hv-01", "hv-02"], "sharedStorage": true }],
  "vms": [
    {
      "name": "web-01",
      "host": "hv-01",
      "guest": { "os": "windows-server-2008", "arch": "x64" },
      "vcpus": 2,
      "memoryGB": 4,
      "migration": "live"
    }
  ]
}
`;
