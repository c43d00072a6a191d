-- Runs after the README's init.lua has set Neovim up and the plan given on the command line is
-- open: waits for the server's diagnostics and writes what the editor did as one JSON line.
local function finish(result)
  io.stdout:write(vim.fn.json_encode(result) .. '\n')
  vim.cmd('qall!')
end

local got = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 20)
local clients = {}
for _, client in pairs(vim.lsp.buf_get_clients(0)) do
  table.insert(clients, { name = client.name, cmd = client.config.cmd })
end
local codes = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code
  if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
  table.insert(codes, code)
end
finish({ filetype = vim.bo.filetype, clients = clients, codes = codes, waited = got })
