-- Headless Neovim as an LSP client of the built virtplan server: opens a plan, waits for
-- diagnostics, asks for a hover, runs the code lens above the plan, and writes what it got as
-- one JSON line on stdout.
local server = os.getenv('VIRTPLAN_SERVER')
local plan = os.getenv('VIRTPLAN_PLAN')
local hover_line = tonumber(os.getenv('VIRTPLAN_HOVER_LINE'))
local hover_col = tonumber(os.getenv('VIRTPLAN_HOVER_COL'))

local function finish(result, failed)
  io.stdout:write(vim.fn.json_encode(result) .. '\n')
  if failed then vim.cmd('cquit! 1') else vim.cmd('qall!') end
end

vim.cmd('edit ' .. vim.fn.fnameescape(plan))
local client_id = vim.lsp.start_client({
  name = 'virtplan',
  cmd = { 'node', server, '--stdio' },
  root_dir = vim.fn.fnamemodify(plan, ':h'),
})
if not client_id then
  finish({ error = 'the client did not start' }, true)
  return
end
vim.lsp.buf_attach_client(0, client_id)

local got = vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 20)
if not got then
  finish({ error = 'no diagnostics arrived' }, true)
  return
end

local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code
  if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
  table.insert(diagnostics, { code = code, lnum = d.lnum, col = d.col, severity = d.severity, message = d.message })
end

local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = hover_line, character = hover_col } }
local responses = vim.lsp.buf_request_sync(0, 'textDocument/hover', params, 10000)
local hover = ''
for _, response in pairs(responses or {}) do
  if response.result and response.result.contents then hover = response.result.contents.value or '' end
end

-- Run the lens on the first line as a user does (:lua vim.lsp.codelens.run()), noting what the
-- client tells the user and whether the server was asked to run it.
local notified = {}
vim.notify = function(message) table.insert(notified, message) end
local ran = false
vim.lsp.handlers['workspace/executeCommand'] = function() ran = true end
vim.lsp.codelens.refresh()
local lenses = {}
vim.wait(10000, function()
  lenses = vim.lsp.codelens.get(0)
  return #lenses > 0
end, 20)
vim.api.nvim_win_set_cursor(0, { 1, 0 })
vim.lsp.codelens.run()
vim.wait(5000, function() return ran or #notified > 0 end, 20)
local lens = { count = #lenses, ran = ran, notified = notified }

vim.lsp.stop_client(client_id)
finish({ diagnostics = diagnostics, hover = hover, lens = lens }, false)
