# Prints Gem::Version's verdict for each "hexA,hexB" line of the file named on the command line.
require "rubygems"
File.foreach(ARGV[0]) do |line|
  a, b = line.chomp.split(",", -1).map { |h| [h].pack("H*").force_encoding("UTF-8") }
  va = Gem::Version.correct?(a) ? true : false
  vb = Gem::Version.correct?(b) ? true : false
  if va && vb
    puts "#{Gem::Version.new(a) <=> Gem::Version.new(b)} 1 1"
  else
    puts "x #{va ? 1 : 0} #{vb ? 1 : 0}"
  end
end
