-- Reads "hexA,hexB" lines from the file named by the macro %{pairs} and prints rpm.vercmp's sign per pair.
local function unhex(h) return (h:gsub("..", function(c) return string.char(tonumber(c, 16)) end)) end
for line in io.lines(rpm.expand("%{pairs}")) do
    local a, b = line:match("^([0-9a-f]*),([0-9a-f]*)$")
    a, b = unhex(a), unhex(b)
    local ok, r = pcall(rpm.vercmp, a, b)
    if ok then
        io.write(string.format("%d 1 1\n", r))
    else
        io.write("x " .. (pcall(rpm.vercmp, a, a) and "1" or "0") .. " " .. (pcall(rpm.vercmp, b, b) and "1" or "0") .. "\n")
    end
end
