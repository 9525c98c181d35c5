# gnuplot: chunk events of one prime. Top: one lane per worker thread, a box per chunk (its
# start and duration), coloured by its number of items. Bottom: items per chunk over time.
set terminal pngcairo size 1100,640 font "sans,10"
set output png
set multiplot layout 2,1 title "A recorded prime with chunk size auto: 3,000 items, 2 pool workers; cost per item ×10 half-way (JFR zensols.multi.Chunk events)"
set lmargin 12
set xlabel "ms since the prime began"
set ylabel "worker thread"
set yrange [-0.6:1.6]
set ytics ("worker 0" 0, "worker 1" 1)
set cblabel "items in the chunk"
set logscale cb 2
set palette rgbformulae 33,13,10
set style fill solid 1.0 noborder
set grid xtics
plot data using ($1+$2/2):3:($2/2):(0.38):5 with boxxyerror lc palette notitle
unset logscale cb
set ylabel "items per chunk"
set yrange [*:*]
set ytics auto
set logscale y 2
unset colorbox
plot data using 1:5 with points pt 7 ps 0.6 lc rgb "#1f5fa8" title "items in a chunk (at its start)"
unset multiplot
